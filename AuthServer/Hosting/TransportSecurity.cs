namespace AuthServer.Hosting;

/// <summary>Decides whether the server may run on plain HTTP.</summary>
internal static class TransportSecurity
{
    /// <summary>
    /// HTTP is allowed in Development and Testing, for a loopback issuer, or when an operator sets
    /// <c>AuthServer:AllowInsecureHttp=true</c> (e.g. behind a TLS-terminating proxy).
    /// </summary>
    public static bool AllowsHttp(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing") || configuration.GetValue<bool>("AuthServer:AllowInsecureHttp"))
        {
            return true;
        }

        var issuer = configuration["AuthServer:Issuer"];
        return issuer is null || (Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && uri.IsLoopback);
    }
}
