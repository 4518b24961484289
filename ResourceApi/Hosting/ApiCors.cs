using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ResourceApi.Hosting;

/// <summary>Settings under <c>Cors:</c>: the browser apps allowed to call this API from their own origin.</summary>
public sealed class ApiCorsOptions : IValidatableObject
{
    public const string Section = "Cors";

    /// <summary>Serialized origins (scheme://host[:port], no path), compared with the browser's Origin header as strings.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>How long a browser may reuse a preflight answer (<c>Access-Control-Max-Age</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Cors:PreflightMaxAge must be between 00:00:00 and 1.00:00:00.")]
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedOrigins.Count; i++)
        {
            var text = AllowedOrigins[i];
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.Equals(text, uri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
            {
                yield return new($"Cors:AllowedOrigins:{i} must be an origin as a browser sends it, scheme://host[:port] in lower case with no path or trailing slash.", [nameof(AllowedOrigins)]);
            }
        }
    }
}

internal static class ApiCors
{
    public static WebApplicationBuilder AddApiCors(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiCorsOptions>().BindConfiguration(ApiCorsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<ApiCorsOptions>>((cors, settings) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. settings.Value.AllowedOrigins])
                .WithMethods(HttpMethods.Get, HttpMethods.Post)
                // Bearer tokens only, never cookies (RFC 6750 §2.1): no credentials, so no ambient authority.
                .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType)
                // Lets the page read why a call failed (error="insufficient_scope", RFC 6750 §3).
                .WithExposedHeaders(HeaderNames.WWWAuthenticate)
                .SetPreflightMaxAge(settings.Value.PreflightMaxAge)));
        return builder;
    }
}
