using Microsoft.Extensions.Options;

namespace AuthServer.Hardening;

/// <summary>
/// The one rule for plain HTTP, read by OpenIddict's transport requirement and by the production checks alike.
/// OAuth 2.1 §1.5 / RFC 9700 §2.6 require TLS for every endpoint except loopback. Plain HTTP is allowed:
/// <list type="bullet">
/// <item>in Development and Testing (a laptop, the test suite: everything on 127.0.0.1);</item>
/// <item>when the issuer is a loopback URL (nothing off this machine can reach the server through it);</item>
/// <item>when the operator sets <c>AuthServer:AllowInsecureHttp=true</c>, because TLS ends at a proxy in front.</item>
/// </list>
/// Anywhere else (including a missing issuer outside Development, which the production checks refuse anyway)
/// OpenIddict rejects requests that did not arrive over HTTPS.
/// </summary>
internal sealed class TransportSecurity(IOptions<AuthServerOptions> options, IHostEnvironment environment)
{
    public bool IsDevelopmentOrTesting => environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public bool AllowsPlainHttp =>
        IsDevelopmentOrTesting || options.Value.AllowInsecureHttp || options.Value.Issuer is { IsAbsoluteUri: true, IsLoopback: true };

    /// <summary>Why the configured issuer cannot be served safely, naming the settings to change; null when it can.</summary>
    public string? IssuerProblem()
    {
        if (IsDevelopmentOrTesting)
        {
            return null;
        }

        var issuer = options.Value.Issuer;
        if (issuer is not { IsAbsoluteUri: true })
        {
            return $"{AuthServerOptions.Section}:{nameof(AuthServerOptions.Issuer)} must be set to the server's public https:// URL outside Development.";
        }

        return issuer.Scheme == Uri.UriSchemeHttp && !AllowsPlainHttp
            ? $"{AuthServerOptions.Section}:{nameof(AuthServerOptions.Issuer)} is plain http on a non-loopback host ({issuer.Host}); use https, or set {AuthServerOptions.Section}:{nameof(AuthServerOptions.AllowInsecureHttp)}=true behind a TLS-terminating proxy."
            : null;
    }
}
