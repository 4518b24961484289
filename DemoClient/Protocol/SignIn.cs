namespace DemoClient.Protocol;

/// <summary>Step 3b and 3c together: the token request, then the ID token it returned, validated.</summary>
public sealed record SignInStep(TokenStep Redemption, IdTokenValidation? IdToken, string? Failure)
{
    /// <summary>The tokens, only when the ID token was valid: until then nobody is signed in.</summary>
    public TokenSet? Tokens => Failure is null ? Redemption.Tokens : null;
}

public sealed partial class OAuthFlow
{
    /// <summary>Redeems a code from an accepted callback and validates the ID token against the request's nonce.</summary>
    public async Task<SignInStep> CompleteSignInAsync(AuthServerMetadata metadata, PendingAuthorization pending, string code, CancellationToken cancellationToken)
    {
        var redeemed = await RedeemCodeAsync(metadata, pending, code, cancellationToken);
        if (redeemed.Tokens is not { } tokens)
        {
            return new SignInStep(redeemed, null, redeemed.Failure);
        }

        if (tokens.IdToken is null)
        {
            return new SignInStep(redeemed, null, "The token response has no id_token; does Auth:Scope include openid?");
        }

        var validation = await ValidateIdTokenAsync(metadata, tokens.IdToken, pending.Nonce);
        return new SignInStep(redeemed, validation, validation.Failure);
    }
}
