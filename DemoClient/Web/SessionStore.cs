using Duende.IdentityModel;
using Microsoft.Extensions.Caching.Memory;

namespace DemoClient.Web;

/// <summary>
/// Sessions in memory, keyed by a random id in an HttpOnly cookie. SameSite=Lax, not Strict: the callback is a
/// top-level navigation from the AuthServer, and a Strict cookie would not come with it.
/// </summary>
internal sealed class SessionStore(IMemoryCache cache)
{
    public const string CookieName = "demo.session";

    // Idle sessions go after 30 minutes; the cache's size limit caps how many a flood of new visitors can create.
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    public DemoSession? Find(HttpContext context) =>
        context.Request.Cookies[CookieName] is { Length: 43 } id && cache.TryGetValue(Key(id), out DemoSession? session) ? session : null;

    public DemoSession GetOrCreate(HttpContext context)
    {
        if (Find(context) is { } existing)
        {
            return existing;
        }

        // 256 bits from the CSPRNG: the cookie is the only thing that ties a browser to its state and tokens.
        var id = CryptoRandom.CreateUniqueId(32);
        var session = new DemoSession();
        cache.Set(Key(id), session, new MemoryCacheEntryOptions { SlidingExpiration = IdleTimeout, Size = 1 });
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return session;
    }

    /// <summary>Forgets the session and its tokens (logout).</summary>
    public void End(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is { } id)
        {
            cache.Remove(Key(id));
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax });
    }

    private static string Key(string id) => "demo-session:" + id;
}
