using System.ComponentModel.DataAnnotations;

namespace DemoClient.Settings;

/// <summary>Everything the DemoClient is configured with, one property per configuration section.</summary>
public sealed class DemoClientOptions
{
    public AuthSettings Auth { get; init; } = new();

    public ResourceApiSettings ResourceApi { get; init; } = new();

    /// <summary>The <c>DemoClient</c> section: where this app is reachable.</summary>
    public SiteSettings Site { get; init; } = new();

    public WalkSettings Walk { get; init; } = new();

    /// <summary>
    /// The same settings as the native app (<c>walk --native</c>) sees them: the public client, no secret, and a
    /// redirect URI on its own loopback listener.
    /// </summary>
    public DemoClientOptions ForNativeApp(Uri loopbackBaseUrl) => new()
    {
        Auth = new AuthSettings
        {
            Authority = Auth.Authority,
            MetadataAddress = Auth.MetadataAddress,
            ClientId = Auth.NativeClientId,
            ClientSecret = string.Empty,
            Scope = Auth.NativeScope,
        },
        ResourceApi = ResourceApi,
        Site = new SiteSettings { BaseUrl = loopbackBaseUrl },
        Walk = Walk,
    };

    /// <summary>The same data-annotation rules as at start-up, for options built in code (the walk's public API).</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        foreach (object section in new object[] { Auth, ResourceApi, Site, Walk })
        {
            Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true);
        }

        return [.. results.Select(r => r.ErrorMessage ?? "Invalid setting.")];
    }
}

/// <summary>The <c>Auth</c> section: the authorization server and this app's registrations with it.</summary>
public sealed class AuthSettings : IValidatableObject
{
    public const string Section = "Auth";

    [Required(ErrorMessage = "Auth:Authority is required.")]
    public Uri Authority { get; set; } = new("http://localhost:5100/");

    /// <summary>
    /// Where to fetch discovery from when this app reaches the AuthServer by another name than the browser does
    /// (containers). Back-channel endpoints are then called on this host; the browser keeps the public URLs.
    /// </summary>
    public Uri? MetadataAddress { get; set; }

    [Required(ErrorMessage = "Auth:ClientId is required.")]
    public string ClientId { get; set; } = "demo-client";

    [Required(ErrorMessage = "Auth:ClientSecret is required.")]
    public string ClientSecret { get; set; } = "demo-client-secret";

    [Required(ErrorMessage = "Auth:Scope is required.")]
    public string Scope { get; set; } = "openid profile email offline_access api.read";

    /// <summary>The public client the browser walkthrough at /spa signs in as (no secret: it runs in the page).</summary>
    [Required(ErrorMessage = "Auth:SpaClientId is required.")]
    public string SpaClientId { get; set; } = "demo-spa";

    /// <summary>offline_access: without it there is no refresh token to show rotating.</summary>
    [Required(ErrorMessage = "Auth:SpaScope is required.")]
    public string SpaScope { get; set; } = "openid profile offline_access api.read";

    /// <summary>The public client <c>walk --native</c> signs in as (RFC 8252): no secret, PKCE only.</summary>
    [Required(ErrorMessage = "Auth:NativeClientId is required.")]
    public string NativeClientId { get; set; } = "demo-native";

    [Required(ErrorMessage = "Auth:NativeScope is required.")]
    public string NativeScope { get; set; } = "openid profile offline_access api.read";

    [Required(ErrorMessage = "Auth:ServiceClientId is required.")]
    public string ServiceClientId { get; set; } = "demo-service";

    [Required(ErrorMessage = "Auth:ServiceClientSecret is required.")]
    public string ServiceClientSecret { get; set; } = "demo-service-secret";

    [Required(ErrorMessage = "Auth:ServiceScope is required.")]
    public string ServiceScope { get; set; } = "api.read";

    /// <summary>The public client the <c>device</c> command signs in as (RFC 8628); it has no secret.</summary>
    [Required(ErrorMessage = "Auth:DeviceClientId is required.")]
    public string DeviceClientId { get; set; } = "demo-device";

    [Required(ErrorMessage = "Auth:DeviceScope is required.")]
    public string DeviceScope { get; set; } = "openid profile offline_access api.read";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Urls.IsHttp(Authority))
        {
            yield return new("Auth:Authority must be an absolute http or https URL.", [nameof(Authority)]);
        }

        if (MetadataAddress is not null && !Urls.IsHttp(MetadataAddress))
        {
            yield return new("Auth:MetadataAddress must be an absolute http or https URL when set.", [nameof(MetadataAddress)]);
        }

        // Without openid there is no ID token, and step 3 would have nothing to validate (OIDC Core §3.1.2.1).
        if (!Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid", StringComparer.Ordinal))
        {
            yield return new("Auth:Scope must include openid.", [nameof(Scope)]);
        }
    }
}

/// <summary>The <c>ResourceApi</c> section.</summary>
public sealed class ResourceApiSettings : IValidatableObject
{
    public const string Section = "ResourceApi";

    [Required(ErrorMessage = "ResourceApi:BaseUrl is required.")]
    public Uri BaseUrl { get; set; } = new("http://localhost:5200/");

    /// <summary>
    /// Where a browser reaches the API, when that differs from <see cref="BaseUrl"/> (containers): the /spa page
    /// calls the API from the browser itself.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    public Uri BrowserBaseUrl => PublicBaseUrl ?? BaseUrl;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Urls.IsHttp(BaseUrl))
        {
            yield return new("ResourceApi:BaseUrl must be an absolute http or https URL.", [nameof(BaseUrl)]);
        }

        if (PublicBaseUrl is not null && !Urls.IsHttp(PublicBaseUrl))
        {
            yield return new("ResourceApi:PublicBaseUrl must be an absolute http or https URL when set.", [nameof(PublicBaseUrl)]);
        }
    }
}

/// <summary>The <c>DemoClient</c> section: this app's public base URL, which the registered redirect URIs are built on.</summary>
public sealed class SiteSettings : IValidatableObject
{
    public const string Section = "DemoClient";

    [Required(ErrorMessage = "DemoClient:BaseUrl is required.")]
    public Uri BaseUrl { get; set; } = new("http://localhost:5300/");

    /// <summary>
    /// How long one back-channel request (and the headless walk's wait for its callback) may take before the step
    /// fails; the end-to-end tests raise it, since a loaded test machine can take longer than a person would wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "DemoClient:RequestTimeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Must equal, character for character, a redirect URI registered for the client (RFC 9700 §4.1.3).</summary>
    public Uri RedirectUri => Urls.Combine(BaseUrl, "callback");

    /// <summary>The browser walkthrough's redirect URI, registered for the public client (Auth:SpaClientId).</summary>
    public Uri SpaRedirectUri => Urls.Combine(BaseUrl, "spa/callback");

    /// <summary>Where the AuthServer sends the browser after logout; registered for the client too.</summary>
    public Uri PostLogoutRedirectUri => Urls.Combine(BaseUrl, string.Empty);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Urls.IsHttp(BaseUrl))
        {
            yield return new("DemoClient:BaseUrl must be an absolute http or https URL.", [nameof(BaseUrl)]);
        }
    }
}

/// <summary>The <c>Walk</c> section: the demo user the headless walk signs in as.</summary>
public sealed class WalkSettings
{
    public const string Section = "Walk";

    [Required(ErrorMessage = "Walk:Username is required.")]
    public string Username { get; set; } = "alice";

    [Required(ErrorMessage = "Walk:Password is required.")]
    public string Password { get; set; } = "Pass123$";
}
