using Microsoft.AspNetCore.Authorization;

namespace ResourceApi.Auth;

/// <summary>The API's named policies. Each states the scope it needs; <see cref="ScopeRequirement"/> reads the token.</summary>
public static class Policies
{
    public const string ReadData = "data:read";
    public const string WriteData = "data:write";

    /// <summary>The caller's own profile: only meaningful for a token issued to a user, not to a client acting for itself.</summary>
    public const string ReadProfile = "profile:read";

    public static class Scopes
    {
        public const string Read = "api.read";
        public const string Write = "api.write";
    }

    public static WebApplicationBuilder AddScopePolicies(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadData, policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(Scopes.Read)))
            .AddPolicy(WriteData, policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(Scopes.Write)))
            .AddPolicy(ReadProfile, policy => policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(Scopes.Read), new UserRequirement()));

        // Turns a failed policy into RFC 6750's 403 insufficient_scope, naming the scope the policy needed.
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, BearerAuthorizationResultHandler>();
        return builder;
    }
}
