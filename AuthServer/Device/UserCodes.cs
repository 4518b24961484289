using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.Device;

/// <summary>
/// User codes are typed by people: 8 characters from RFC 8628 §6.1's consonant alphabet (no vowels, so no words;
/// no 0/O or 1/I to confuse), 20^8 ≈ 2^34.6 combinations, shown as XXXX-XXXX. OpenIddict generates them and ignores
/// characters outside the alphabet when it looks one up (dashes, spaces); case is normalised here first.
/// </summary>
internal static class UserCodes
{
    public const int Length = 8;

    public static readonly string[] Alphabet = [.. "BCDFGHJKLMNPQRSTVWXZ".Select(c => c.ToString())];

    public const string DisplayFormat = "{0}{1}{2}{3}-{4}{5}{6}{7}";

    public static OpenIddictServerBuilder UseReadableUserCodes(this OpenIddictServerBuilder server) => server
        .SetUserCodeCharset(Alphabet)
        .SetUserCodeLength(Length)
        .SetUserCodeDisplayFormat(DisplayFormat)
        .AddEventHandler(AcceptAnyCase);

    /// <summary>The alphabet is upper case; "bcdf-ghjk" typed on a phone is the same code.</summary>
    private static readonly OpenIddictServerHandlerDescriptor AcceptAnyCase =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractEndUserVerificationRequestContext>()
            .UseInlineHandler(static context =>
            {
                if (context.Request is { UserCode: { Length: > 0 } code } request)
                {
                    request.UserCode = code.ToUpperInvariant();
                }

                return ValueTask.CompletedTask;
            })
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();
}
