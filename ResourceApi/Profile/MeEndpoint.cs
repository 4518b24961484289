using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using ResourceApi.Auth;

namespace ResourceApi.Profile;

/// <summary><c>GET /api/me</c>: who the access token speaks for, as the API sees it.</summary>
public static class MeEndpoint
{
    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", GetMe)
            .RequireAuthorization(Policies.ReadProfile)
            .WithName("GetMe")
            .WithTags("Profile")
            .WithSummary("The signed-in user's claims from the access token.");
        return api;
    }

    private static Ok<MeResponse> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
        Subject: user.FindFirst("sub")!.Value,
        ClientId: user.FindFirst("client_id")!.Value,
        Scopes: [.. ScopeRequirement.ScopesOf(user)],
        Name: user.FindFirst("name")?.Value,
        PreferredUsername: user.FindFirst("preferred_username")?.Value,
        Email: user.FindFirst("email")?.Value,
        Claims: user.Claims.GroupBy(c => c.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Value).ToArray(), StringComparer.Ordinal)));
}

/// <summary>The caller's identity under the JWT claim names, plus every claim the token carried.</summary>
public sealed record MeResponse(
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("preferred_username")] string? PreferredUsername,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("claims")] IReadOnlyDictionary<string, string[]> Claims);
