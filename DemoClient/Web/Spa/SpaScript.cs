using System.Security.Cryptography;
using System.Text;

namespace DemoClient.Web.Spa;

/// <summary>
/// The browser app itself: plain JavaScript kept in <c>spa.js</c> (an embedded resource, so it reads and lints as
/// JavaScript) and served inline in the /spa page. The page's Content-Security-Policy allows exactly this text by
/// its hash, so no other script, inline or from anywhere else, can run beside it and reach the tokens.
/// </summary>
internal static class SpaScript
{
    public static readonly string Js = Load();

    /// <summary>The CSP source expression for <see cref="Js"/> (CSP Level 3 §8.3 hash sources).</summary>
    public static readonly string Hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Js)))}'";

    private static string Load()
    {
        using var stream = typeof(SpaScript).Assembly.GetManifestResourceStream("DemoClient.Web.Spa.spa.js")
            ?? throw new InvalidOperationException("The embedded resource spa.js is missing from the DemoClient assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
