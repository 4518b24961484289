using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.Device;

/// <summary>
/// RFC 8628 §3.2 and §3.5: the device authorization response announces <c>interval</c>, and a device that polls a
/// pending code sooner than that gets <c>slow_down</c> instead of <c>authorization_pending</c>. OpenIddict does
/// neither. Only polls OpenIddict found pending are recorded, so made-up device codes cost nothing to remember.
/// </summary>
internal static class PollingInterval
{
    public static OpenIddictServerBuilder EnforcePollingInterval(this OpenIddictServerBuilder server) => server
        .AddEventHandler(OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyDeviceAuthorizationResponseContext>()
            .UseSingletonHandler<AnnounceInterval>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build())
        .AddEventHandler(OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<SlowDownFastPolling>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build());

    /// <summary>The key a poll is remembered by: a hash, so the store never holds a usable device code.</summary>
    public static string Key(string deviceCode) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deviceCode)));

    internal sealed class AnnounceInterval(IOptions<DeviceFlowOptions> options) : IOpenIddictServerHandler<ApplyDeviceAuthorizationResponseContext>
    {
        public ValueTask HandleAsync(ApplyDeviceAuthorizationResponseContext context)
        {
            if (context.Response is { Error: null, DeviceCode: { Length: > 0 } } response)
            {
                response[Parameters.Interval] = (long)options.Value.PollingInterval.TotalSeconds;
            }

            return ValueTask.CompletedTask;
        }
    }

    internal sealed class SlowDownFastPolling(IDevicePollingStore store, TimeProvider clock, IOptions<DeviceFlowOptions> options)
        : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public async ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Response is not { Error: Errors.AuthorizationPending } response
                || context.Request is not { DeviceCode: { Length: > 0 } deviceCode } request || !request.IsDeviceCodeGrantType())
            {
                return;
            }

            var now = clock.GetUtcNow();
            var settings = options.Value;
            var verdict = await store.RecordPollAsync(Key(deviceCode), now, settings.PollingInterval, now + settings.CodeLifetime, context.CancellationToken);
            if (verdict.TooFast)
            {
                response.Error = Errors.SlowDown;
                response.ErrorDescription = string.Create(CultureInfo.InvariantCulture,
                    $"Polling too fast: wait at least {verdict.Interval.TotalSeconds:0} seconds between token requests for this device code.");
                response.ErrorUri = null;
            }
        }
    }
}
