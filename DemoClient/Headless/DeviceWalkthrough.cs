using DemoClient.Protocol;
using DemoClient.Recording;
using DemoClient.Settings;
using Duende.IdentityModel;
using Microsoft.Extensions.Options;

namespace DemoClient.Headless;

/// <summary>
/// A device without a browser (<c>dotnet run --project DemoClient -- device</c>, RFC 8628): discovery, a device
/// authorization request whose user code a person enters at the AuthServer's <c>/device</c> page on another
/// device, polling the token endpoint at the announced interval (slower after <c>slow_down</c>), and the
/// ResourceApi call. Exits 0 only when the API accepted the token.
/// </summary>
public static class DeviceWalkthrough
{
    /// <summary>The slow_down penalty (RFC 8628 §3.5): "increased by 5 seconds for this and all subsequent requests".</summary>
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the flow and returns its exit code (<see cref="Walkthrough.Succeeded"/>, <see cref="Walkthrough.StepFailed"/>
    /// or <see cref="Walkthrough.InvalidSettings"/>). <paramref name="clock"/> paces the polling (null: the system clock).
    /// </summary>
    public static async Task<int> RunAsync(DemoClientOptions options, TextWriter output, HttpMessageHandler? handler = null,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var report = new ConsoleReport(output);
        if (options.Validate() is { Count: > 0 } errors)
        {
            report.InvalidSettings(errors);
            return Walkthrough.InvalidSettings;
        }

        using var owned = handler is null ? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } : null;
        var time = clock ?? TimeProvider.System;
        var walk = new Walk(new OAuthFlow(options, handler ?? owned!, time), report, time);
        return await walk.RunAsync(cancellationToken);
    }

    /// <summary>The command-line entry: settings from configuration, output to <paramref name="output"/>, Ctrl+C stops.</summary>
    internal static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        DemoClientOptions options;
        try
        {
            options = services.GetRequiredService<DemoClientOptions>();
        }
        catch (OptionsValidationException exception)
        {
            new ConsoleReport(output).InvalidSettings(exception.Failures);
            return Walkthrough.InvalidSettings;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, args) =>
        {
            args.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await RunAsync(options, output, handler: null, clock: null, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            output.WriteLine("Cancelled.");
            return Walkthrough.StepFailed;
        }
    }

    private sealed class Walk(OAuthFlow flow, ConsoleReport report, TimeProvider clock)
    {
        private AuthServerMetadata _metadata = null!;
        private DeviceCodes _codes = null!;
        private TokenSet _tokens = null!;

        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            report.Title($"OAuthSuite DemoClient: the device authorization grant (RFC 8628), as {flow.Options.Auth.DeviceClientId}");
            Func<CancellationToken, Task<string?>>[] steps = [DiscoverAsync, RequestCodesAsync, PollAsync, CallApiAsync];
            for (var i = 0; i < steps.Length; i++)
            {
                if (await steps[i](cancellationToken) is { } failure)
                {
                    report.Failed(i + 1, failure);
                    return Walkthrough.StepFailed;
                }
            }

            report.Done("All four steps succeeded: the user approved this device, and the ResourceApi accepted its access token.");
            return Walkthrough.Succeeded;
        }

        /// <summary>Step 1: the AuthServer's metadata, which names the device authorization endpoint.</summary>
        private async Task<string?> DiscoverAsync(CancellationToken cancellationToken)
        {
            report.Step(1, "Discovery");
            report.Line("client_id", $"{flow.Options.Auth.DeviceClientId} (public: no secret on a device)");
            report.Line("authority", flow.Options.Auth.Authority.AbsoluteUri);
            var discovery = await flow.DiscoverAsync(cancellationToken);
            foreach (var exchange in discovery.Exchanges)
            {
                report.Exchange(exchange, showBody: false);
            }

            if (discovery.Metadata is not { } metadata)
            {
                return discovery.Failure;
            }

            _metadata = metadata;
            report.Line("issuer", metadata.Issuer);
            report.Line("device_authorization", metadata.DeviceAuthorizationEndpoint?.AbsoluteUri ?? "(none)");
            report.Line("token_endpoint", metadata.TokenEndpoint.AbsoluteUri);
            return null;
        }

        /// <summary>Step 2: a device code to poll with, and a user code for the person (RFC 8628 §3.1–3.3).</summary>
        private async Task<string?> RequestCodesAsync(CancellationToken cancellationToken)
        {
            report.Step(2, "Device authorization request");
            var step = await flow.RequestDeviceCodesAsync(_metadata, cancellationToken);
            foreach (var exchange in step.Exchanges)
            {
                report.Exchange(exchange);
            }

            if (step.Codes is not { } codes)
            {
                return step.Failure;
            }

            _codes = codes;
            report.Note(string.Empty);
            report.Note("On a phone or computer, open this page, sign in and enter the code:");
            report.Line("verification_uri", codes.VerificationUri.AbsoluteUri);
            report.Line("user_code", codes.UserCode);
            if (codes.VerificationUriComplete is { } complete)
            {
                report.Line("or open directly", complete.AbsoluteUri);
            }

            report.Line("expires in", $"{codes.ExpiresIn.TotalSeconds:0} s");
            report.Line("interval", $"{codes.Interval.TotalSeconds:0} s between polls");
            return null;
        }

        /// <summary>Step 3: poll the token endpoint until the user answers or the code expires (RFC 8628 §3.4, §3.5).</summary>
        private async Task<string?> PollAsync(CancellationToken cancellationToken)
        {
            report.Step(3, "Waiting for approval (polling the token endpoint)");
            var interval = _codes.Interval;
            // Our own stop in case the server never answers expired_token; a minute of grace for clock differences.
            var giveUp = clock.GetUtcNow() + (_codes.ExpiresIn > TimeSpan.Zero ? _codes.ExpiresIn : TimeSpan.FromMinutes(15)) + TimeSpan.FromMinutes(1);
            for (var poll = 1; ; poll++)
            {
                await Task.Delay(interval, clock, cancellationToken);
                var answer = await flow.PollDeviceTokenAsync(_metadata, _codes.DeviceCode, cancellationToken);
                if (answer.Tokens is { } tokens)
                {
                    ShowLast(answer);
                    report.Passed($"Approved: tokens received after {poll} poll{(poll == 1 ? string.Empty : "s")}.");
                    report.Token(JwtView.Decode("Access token (decoded only: the API validates it)", tokens.AccessToken));
                    _tokens = tokens;
                    return null;
                }

                switch (answer.Error)
                {
                    case OidcConstants.TokenErrors.AuthorizationPending:
                        report.Note($"poll {poll}: authorization_pending; asking again in {interval.TotalSeconds:0} s");
                        break;
                    case OidcConstants.TokenErrors.SlowDown:
                        interval += SlowDownStep;
                        report.Note($"poll {poll}: slow_down; polling every {interval.TotalSeconds:0} s from now on");
                        break;
                    case OidcConstants.TokenErrors.AccessDenied:
                        return "The user chose Deny on the verification page (error=access_denied): this device was given no access.";
                    case OidcConstants.TokenErrors.ExpiredToken:
                        return "The code expired before anyone approved it (error=expired_token): run the command again for a new code.";
                    default:
                        ShowLast(answer);
                        return answer.Failure ?? "The token endpoint gave no tokens.";
                }

                if (clock.GetUtcNow() > giveUp)
                {
                    return "The code's lifetime passed without an answer from the AuthServer: run the command again for a new code.";
                }
            }
        }

        private void ShowLast(TokenStep answer)
        {
            if (answer.Exchanges.Count > 0)
            {
                report.Exchange(answer.Exchanges[^1]);
            }
        }

        /// <summary>Step 4: the access token at work.</summary>
        private async Task<string?> CallApiAsync(CancellationToken cancellationToken)
        {
            report.Step(4, "Call the ResourceApi");
            var call = await flow.CallApiAsync(_tokens.AccessToken, OAuthFlow.MePath, cancellationToken);
            if (call.Exchange is { } exchange)
            {
                report.Exchange(exchange);
            }

            return call.Failure;
        }
    }
}
