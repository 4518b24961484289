using System.Security.Cryptography;
using System.Text;

namespace DemoClient.Web;

/// <summary>The page's only stylesheet, inline; the Content-Security-Policy allows exactly this text by its hash.</summary>
internal static class PageStyle
{
    public const string Css = """
        :root{--fg:#1b1f24;--muted:#57606a;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--accent:#0a5bc4;--ok:#116329;--bad:#b42318;--warn:#7d4e00}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header.site,footer{padding:.75rem 1rem;background:#24292f;color:#fff}
        footer{background:transparent;color:var(--muted);font-size:.875rem;text-align:center}
        .brand{font-weight:600}
        main{max-width:64rem;margin:0 auto;padding:1rem}
        h1{font-size:1.6rem;margin:.5rem 0 1rem}
        h2{font-size:1.25rem;margin:0 0 .75rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
        h3{font-size:1rem;margin:1.25rem 0 .5rem}
        .num{display:inline-grid;place-items:center;width:1.9rem;height:1.9rem;border-radius:50%;background:var(--accent);color:#fff;flex:none}
        .card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
        .card.step{border-left-width:5px}
        .card.done{border-left-color:var(--ok)}
        .card.failed{border-left-color:var(--bad)}
        .state{font-size:.8rem;font-weight:600;border-radius:1rem;padding:.05rem .6rem;border:1px solid var(--line);color:var(--muted);background:var(--bg);white-space:nowrap}
        h2 .title{flex:1 1 12rem}
        h2 .state{margin-left:auto}
        th[scope=row] code{overflow-wrap:normal}
        .done .state{color:var(--ok);border-color:currentColor;background:#eefbf1}
        .failed .state{color:var(--bad);border-color:currentColor;background:#fff1f0}
        .progress ol{list-style:none;display:grid;grid-template-columns:repeat(4,1fr);gap:.5rem;margin:0 0 1rem;padding:0}
        .progress ol.five{grid-template-columns:repeat(5,1fr)}
        .progress a{display:grid;grid-template-columns:auto 1fr;align-items:center;gap:.3rem .5rem;height:100%;padding:.5rem .6rem;border:1px solid var(--line);border-radius:.5rem;background:var(--card);color:inherit;text-decoration:none}
        .progress .num{width:1.6rem;height:1.6rem;font-size:.85rem}
        .progress .title{font-weight:600;font-size:.9rem;line-height:1.25}
        .progress .state{grid-column:2;justify-self:start}
        .progress .waiting .num,.progress .not-run .num{background:var(--muted)}
        .progress .done .num{background:var(--ok)}
        .progress .failed .num{background:var(--bad)}
        .progress .failed a{border-color:var(--bad)}
        .lead,.note{color:var(--muted)}
        .table{overflow-x:auto;margin:.25rem 0 .75rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
        thead th{background:var(--bg)}
        code,pre{font:.85rem/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
        pre{background:var(--bg);border:1px solid var(--line);border-radius:.375rem;padding:.5rem;overflow-x:auto;white-space:pre-wrap;margin:.25rem 0}
        .secret{display:inline-block;font-size:.75rem;font-weight:600;color:var(--warn);border:1px solid currentColor;border-radius:1rem;padding:0 .45rem;margin-left:.25rem;white-space:nowrap}
        small{display:block;color:var(--muted)}
        .pass{color:var(--ok);font-weight:600}
        td.pass,td.fail{white-space:nowrap}
        .fail{color:var(--bad);font-weight:600}
        .alert{border-left:4px solid var(--bad);background:#fff1f0;padding:.75rem 1rem;margin:.5rem 0 1rem;border-radius:.25rem}
        .success{border-left:4px solid var(--ok);background:#eefbf1;padding:.75rem 1rem;margin:.5rem 0 1rem;border-radius:.25rem}
        .exchange{border:1px solid var(--line);border-radius:.375rem;padding:.5rem .75rem;margin:.5rem 0}
        .exchange.failed{border-color:var(--bad);border-left-width:4px}
        .purpose{margin:.1rem 0 .25rem;font-size:.8rem;font-weight:600;letter-spacing:.02em;text-transform:uppercase;color:var(--muted)}
        .status{margin:.5rem 0}
        .token{border:1px solid var(--line);border-radius:.375rem;padding:0 .75rem .5rem;margin:1rem 0;background:var(--card)}
        .countdown{display:inline-block;margin-left:.5rem;font-size:.8rem;font-weight:600;color:var(--ok);white-space:nowrap}
        .countdown.expired{color:var(--bad)}
        .request-line{margin:.25rem 0;overflow-wrap:anywhere}
        .method{font-weight:700}
        details summary{cursor:pointer;color:var(--accent)}
        form.inline{display:inline}
        .buttons{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
        button{font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}
        button:focus-visible,summary:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
        @media (max-width:40rem){main{padding:.5rem}.card{padding:.75rem}th,td{padding:.3rem}.progress ol,.progress ol.five{grid-template-columns:1fr 1fr}h2 .title{flex-basis:calc(100% - 2.5rem)}h2 .state{margin-left:2.4rem}}
        """;

    /// <summary>The CSP source expression for <see cref="Css"/> (CSP Level 3 §8.3 hash sources).</summary>
    public static readonly string Hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'";
}
