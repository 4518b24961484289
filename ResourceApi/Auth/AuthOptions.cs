using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ResourceApi.Auth;

/// <summary>Settings under <c>Auth:</c>: which authorization server to trust and which audience this API is.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>The issuer, exactly as it appears in the tokens' <c>iss</c> claim and the discovery document.</summary>
    [Required(ErrorMessage = "Auth:Authority is required.")]
    public Uri Authority { get; set; } = new("http://localhost:5100/");

    /// <summary>This API's identifier; a token whose <c>aud</c> does not contain it is refused (RFC 9068 §4).</summary>
    [Required(ErrorMessage = "Auth:Audience is required.")]
    public string Audience { get; set; } = "resource-api";

    /// <summary>
    /// Where to fetch discovery when the issuer's public URL is not reachable from here (e.g. inside a container
    /// network). The issuer is still validated against <see cref="Authority"/>.
    /// </summary>
    public Uri? MetadataAddress { get; set; }

    /// <summary>Unset: required, except in Development/Testing or when the metadata is fetched over loopback.</summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>How often discovery and the JWKS are re-read even when nothing fails (IdentityModel's minimum: 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00", ErrorMessage = "Auth:AutomaticRefreshInterval must be between 00:05:00 and 1.00:00:00.")]
    public TimeSpan AutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Minimum time between two refreshes forced by a token with an unknown <c>kid</c>, so a stream of tokens with
    /// made-up key ids cannot turn into a stream of requests to the authorization server.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Auth:RefreshInterval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The address discovery is actually fetched from.</summary>
    public Uri DiscoveryAddress => MetadataAddress ?? Authority;

    public bool HttpsMetadataRequired(IHostEnvironment environment) => RequireHttpsMetadata
        ?? !(environment.IsDevelopment() || environment.IsEnvironment("Testing") || DiscoveryAddress.IsLoopback);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Authority is { IsAbsoluteUri: false } || Authority?.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"{Section}:Authority must be an absolute http(s) URL.", [nameof(Authority)]);
        }

        if (MetadataAddress is { } metadata && (!metadata.IsAbsoluteUri || metadata.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"{Section}:MetadataAddress must be an absolute http(s) URL.", [nameof(MetadataAddress)]);
        }
    }
}

/// <summary>Refuses plain-HTTP metadata at start instead of on the first request.</summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.DiscoveryAddress is { IsAbsoluteUri: true, Scheme: "http" } && options.HttpsMetadataRequired(environment)
            ? ValidateOptionsResult.Fail(
                $"{AuthOptions.Section}:{(options.MetadataAddress is null ? "Authority" : "MetadataAddress")} uses http outside loopback; " +
                $"use https or set {AuthOptions.Section}:RequireHttpsMetadata=false.")
            : ValidateOptionsResult.Success;
}
