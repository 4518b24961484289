using DemoClient.Protocol;
using DemoClient.Settings;
using Microsoft.Extensions.Options;

namespace DemoClient.Headless;

/// <summary>
/// The four steps without a browser (<c>dotnet run --project DemoClient -- walk</c>): discovery, the authorization
/// request through the AuthServer's real sign-in and consent pages, the callback and token request with ID token
/// validation, and the ResourceApi call. The first failure stops the walk. With <c>--native</c> the same steps run
/// as a native app (RFC 8252): the public client <c>demo-native</c>, no secret, and the redirect arriving at an
/// ephemeral loopback listener.
/// </summary>
public static class Walkthrough
{
    /// <summary>Every step succeeded, the API call included.</summary>
    public const int Succeeded = 0;

    /// <summary>A step failed; the output says which and why.</summary>
    public const int StepFailed = 1;

    /// <summary>The settings are invalid; nothing was sent.</summary>
    public const int InvalidSettings = 2;

    /// <summary>
    /// Runs the walk and returns its exit code. <paramref name="handler"/> carries every request (back channel and
    /// the stand-in browser); it must not follow redirects or keep cookies itself. Null uses a fresh
    /// <see cref="SocketsHttpHandler"/>. The handler is not disposed.
    /// </summary>
    public static async Task<int> RunAsync(DemoClientOptions options, TextWriter output, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default) =>
        await RunAsync(options, output, handler, native: false, cancellationToken);

    /// <summary>As <see cref="RunAsync(DemoClientOptions, TextWriter, HttpMessageHandler?, CancellationToken)"/>, as the native app.</summary>
    public static async Task<int> RunNativeAsync(DemoClientOptions options, TextWriter output, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default) =>
        await RunAsync(options, output, handler, native: true, cancellationToken);

    private static async Task<int> RunAsync(DemoClientOptions options, TextWriter output, HttpMessageHandler? handler, bool native, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var report = new ConsoleReport(output);
        if (options.Validate() is { Count: > 0 } errors)
        {
            report.InvalidSettings(errors);
            return InvalidSettings;
        }

        using var owned = handler is null ? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } : null;
        var transport = handler ?? owned!;
        using var browser = new HeadlessBrowser(transport, options.Site.RequestTimeout);
        if (!native)
        {
            return await new Walk(new OAuthFlow(options, transport, TimeProvider.System), browser, report, listener: null).RunAsync(cancellationToken);
        }

        // RFC 8252 §7.3: the port is whatever the OS gives now; the client is registered without one.
        await using var listener = await LoopbackListener.StartAsync(cancellationToken);
        var flow = new OAuthFlow(options.ForNativeApp(listener.BaseUrl), transport, TimeProvider.System);
        return await new Walk(flow, browser, report, listener).RunAsync(cancellationToken);
    }

    /// <summary>The command-line entry: settings from configuration, output to <paramref name="output"/>.</summary>
    internal static async Task<int> RunAsync(IServiceProvider services, TextWriter output, bool native)
    {
        DemoClientOptions options;
        try
        {
            options = services.GetRequiredService<DemoClientOptions>();
        }
        catch (OptionsValidationException exception)
        {
            new ConsoleReport(output).InvalidSettings(exception.Failures);
            return InvalidSettings;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, args) =>
        {
            args.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await RunAsync(options, output, handler: null, native, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            output.WriteLine("Cancelled.");
            return StepFailed;
        }
    }

    /// <summary>One walk: the steps in order, each handing what it learned to the next.</summary>
    private sealed class Walk(OAuthFlow flow, HeadlessBrowser browser, ConsoleReport report, LoopbackListener? listener)
    {
        private AuthServerMetadata _metadata = null!;
        private PendingAuthorization _pending = null!;
        private Uri _callback = null!;
        private TokenSet _tokens = null!;

        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            report.Title(listener is null
                ? $"OAuthSuite DemoClient: the authorization code flow, step by step, as {flow.Options.Walk.Username}"
                : $"OAuthSuite DemoClient as a native app (RFC 8252): the authorization code flow with PKCE and a loopback redirect, as {flow.Options.Walk.Username}");
            Func<CancellationToken, Task<string?>>[] steps = [DiscoverAsync, AuthorizeAsync, RedeemAsync, CallApiAsync];
            for (var i = 0; i < steps.Length; i++)
            {
                if (await steps[i](cancellationToken) is { } failure)
                {
                    report.Failed(i + 1, failure);
                    return StepFailed;
                }
            }

            report.Done("All four steps succeeded: signed in, tokens validated, and the ResourceApi accepted the access token.");
            return Succeeded;
        }

        /// <summary>Step 1: who this client is, and what the AuthServer says about itself.</summary>
        private async Task<string?> DiscoverAsync(CancellationToken cancellationToken)
        {
            var auth = flow.Options.Auth;
            report.Step(1, "Client credentials and discovery");
            report.Line("client_id", auth.ClientId);
            if (listener is null)
            {
                report.Line("client_secret", Recording.Redaction.Mask(auth.ClientSecret), Recording.Redaction.ClientSecretNote);
                report.Line("redirect_uri", flow.Options.Site.RedirectUri.AbsoluteUri);
            }
            else
            {
                report.Line("client_secret", "(none)");
                report.Note("A native app is a public client: anything shipped inside it can be extracted (RFC 8252 §8.5). PKCE is its proof.");
                report.Line("redirect_uri", flow.Options.Site.RedirectUri.AbsoluteUri);
                report.Note("This app's own listener on 127.0.0.1, on a port the OS just chose. Registered as http://127.0.0.1/callback");
                report.Note("without a port, so any port matches; path and query must not change (RFC 8252 §7.3).");
            }

            report.Line("authority", auth.Authority.AbsoluteUri);
            if (auth.MetadataAddress is { } metadataAddress)
            {
                report.Line("metadata address", $"{metadataAddress.AbsoluteUri} (back channel; the browser uses the authority's URLs)");
            }

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
            report.Line("authorization_endpoint", metadata.AuthorizationEndpoint.AbsoluteUri);
            report.Line("token_endpoint", metadata.TokenEndpoint.AbsoluteUri);
            report.Line("jwks_uri", metadata.JwksUri.AbsoluteUri);
            report.Line("end_session_endpoint", metadata.EndSessionEndpoint?.AbsoluteUri ?? "(none)");
            report.Line("iss in responses", metadata.IssParameterSupported ? "promised (RFC 9207)" : "not promised");
            return null;
        }

        /// <summary>Step 2: the authorization request, through the AuthServer's sign-in and consent pages.</summary>
        private async Task<string?> AuthorizeAsync(CancellationToken cancellationToken)
        {
            report.Step(2, "Authorization request (front channel)");
            _pending = flow.BeginAuthorization(_metadata);
            report.Note($"GET {_pending.Url.GetLeftPart(UriPartial.Path)}");
            report.Fields(_pending.Parameters);
            report.Note("Kept on this side, never sent to the browser: the state, the nonce and the PKCE code_verifier.");

            // The walk's stand-in browser runs where this client runs, so it uses the back-channel host too.
            var result = await browser.AuthorizeAsync(flow.Backchannel(_pending.Url), _pending.RedirectUri,
                flow.Options.Walk.Username, flow.Options.Walk.Password, report.Note, cancellationToken);
            if (result.Callback is not { } callback)
            {
                return result.Failure;
            }

            if (listener is null)
            {
                _callback = callback;
                return null;
            }

            // The browser follows the redirect to the app's loopback listener, which is where the app gets the code.
            if (await browser.VisitAsync(callback, cancellationToken) is { } unreachable)
            {
                return $"The browser could not reach the app's loopback listener: {unreachable}";
            }

            if (await listener.WaitAsync(flow.Options.Site.RequestTimeout, cancellationToken) is not { } received)
            {
                return $"Nothing arrived at {flow.Options.Site.RedirectUri} within {flow.Options.Site.RequestTimeout.TotalSeconds:0} seconds.";
            }

            report.Note($"The loopback listener received GET {received.GetLeftPart(UriPartial.Path)}?… and showed the user \"go back to the app\".");
            _callback = received;
            return null;
        }

        /// <summary>Step 3: check the callback, redeem the code, validate the ID token.</summary>
        private async Task<string?> RedeemAsync(CancellationToken cancellationToken)
        {
            report.Step(3, "Callback, token request and ID token validation");
            report.Note($"GET {_callback.GetLeftPart(UriPartial.Path)}");
            var callback = flow.CheckCallback(_metadata, _pending, CallbackStep.Parameters(_callback));
            report.Fields(callback.Received);
            report.Checks(callback.Checks);
            switch (callback.Outcome)
            {
                case CallbackOutcome.Refused:
                    return $"the callback was refused: {callback.Explanation}";
                case CallbackOutcome.AuthorizationError:
                    return $"the AuthServer answered error={callback.Error} ({callback.ErrorDescription}). {callback.Explanation}";
            }

            var signIn = await flow.CompleteSignInAsync(_metadata, _pending, callback.Code!, cancellationToken);
            foreach (var exchange in signIn.Redemption.Exchanges)
            {
                report.Exchange(exchange);
            }

            if (signIn.IdToken is { } validation)
            {
                report.Token(validation.Token);
                report.Checks(validation.Checks);
            }

            if (signIn.Tokens is not { } tokens)
            {
                return signIn.Failure;
            }

            report.Passed("The ID token is valid: the user is signed in.");
            report.Token(Recording.JwtView.Decode("Access token (decoded only: the API validates it)", tokens.AccessToken));
            _tokens = tokens;
            return null;
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
