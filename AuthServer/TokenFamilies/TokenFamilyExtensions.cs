namespace AuthServer.TokenFamilies;

/// <summary>
/// Refresh-token families scoped to one sign-in, and introspection and revocation without side effects beyond what
/// they say. See README, "Refresh tokens".
/// </summary>
public static class TokenFamilyExtensions
{
    public static OpenIddictServerBuilder AddTokenFamilies(this OpenIddictServerBuilder server) => server
        .AddEventHandler(OneFamilyPerGrant.Descriptor)
        .AddEventHandler(RedeemedTokensAreInactiveOnRead.Descriptor)
        .AddEventHandler(RevokingARefreshTokenEndsItsFamily.Descriptor);
}
