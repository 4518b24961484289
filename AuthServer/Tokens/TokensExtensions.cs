using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Tokens;

public static class TokensExtensions
{
    /// <summary>
    /// Token rows group-committed by one writer on SQLite, and pruned incrementally. Called by <c>AddOAuthServer</c>
    /// after it registers OpenIddict's EF Core stores, which this replaces.
    /// </summary>
    public static OpenIddictBuilder UseBatchedTokenStore(this OpenIddictBuilder openIddict)
    {
        openIddict.Services.AddOptions<TokenWriteOptions>().BindConfiguration(TokenWriteOptions.Section);

        // Created on first use only: TokenStore asks for it when batching is on and the database is SQLite.
        openIddict.Services.AddSingleton<TokenWriteBatcher>();
        openIddict.AddCore(core => core.ReplaceTokenStore<OpenIddictEntityFrameworkCoreToken, TokenStore>(ServiceLifetime.Scoped));
        return openIddict;
    }
}
