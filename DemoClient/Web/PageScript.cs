using System.Security.Cryptography;
using System.Text;

namespace DemoClient.Web;

/// <summary>
/// The page's only script, inline: it ticks the tokens' expiry countdowns once a second. The server renders the
/// first value, so the page reads the same without it. The Content-Security-Policy allows exactly this text by its
/// hash; no other script can run.
/// </summary>
internal static class PageScript
{
    public const string Js = """
        (() => {
          const span = s => { s = Math.abs(s); const m = Math.floor(s / 60); return (m ? m + ' min ' : '') + (s % 60) + ' s'; };
          const tick = () => {
            const now = Date.now() / 1000;
            for (const e of document.querySelectorAll('[data-exp]')) {
              const left = Math.round(Number(e.dataset.exp) - now);
              e.textContent = left > 0 ? 'expires in ' + span(left) : 'expired ' + span(left) + ' ago';
              e.classList.toggle('expired', left <= 0);
            }
          };
          tick();
          setInterval(tick, 1000);
        })();
        """;

    /// <summary>The CSP source expression for <see cref="Js"/> (CSP Level 3 §8.3 hash sources).</summary>
    public static readonly string Hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Js)))}'";
}
