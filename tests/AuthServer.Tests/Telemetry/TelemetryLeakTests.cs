using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AuthServer.Tests.Telemetry;

/// <summary>
/// S2 for telemetry: everything the exporters would send for a full run (spans with every tag, event and link,
/// every metric point's tags, every log record with its attributes and scopes) is captured in memory and searched
/// for the secrets, the passwords, the PKCE verifier, the state, the code and the tokens.
/// </summary>
public sealed class TelemetryLeakTests
{
    [Fact]
    public async Task S2_ExportedTelemetryOfAFullRun_HoldsNoSecretPasswordCodeOrToken()
    {
        var spanSink = new List<Activity>();
        var metricSink = new List<MetricSnapshot>();
        var logs = new LogText();
        using var factory = new AuthServerFactory()
            .With("Logging:LogLevel:Default", "Information")
            .WithServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(traces => traces.AddInMemoryExporter(spanSink));
                services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metricSink));
                services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(logs));
            });
        using var client = factory.CreateOAuthClient();
        var state = "state-" + Guid.NewGuid().ToString("N");
        var nonce = "nonce-" + Guid.NewGuid().ToString("N");
        var secrets = new List<string> { Seed.WebClient.Secret, Seed.Service.Secret, Seed.User.Password, "Wrong-Password-42", state, nonce };

        // A failed sign-in, then code + PKCE with login and consent, refresh, client credentials, introspection.
        await client.LoginAsync(await client.FollowAsync("/account/login"), Seed.User.Username, "Wrong-Password-42");
        var (verifier, challenge) = OAuthClient.NewPkce();
        var location = await client.AuthorizeAsync(OAuthClient.CodeRequest(challenge, state: state, nonce: nonce));
        var code = QueryHelpers.ParseQuery(location.Query)["code"].ToString();
        var tokens = await client.RedeemAsync(code, verifier);
        var refreshed = await client.RefreshAsync(tokens["refresh_token"]!);
        await client.RedeemAsync(code, verifier); // replay: a failure path
        using (var userInfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo"))
        {
            userInfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refreshed["access_token"]);
            await client.Http.SendAsync(userInfo);
        }

        var machine = await client.ClientCredentialsAsync();
        await client.ClientCredentialsAsync(secret: "wrong-secret-77");
        var introspection = await client.TokenAsync(new() { ["token"] = machine["access_token"]! }, Seed.Service.Id, Seed.Service.Secret, endpoint: "/connect/introspect");
        Assert.Equal(System.Net.HttpStatusCode.OK, introspection.Status);
        secrets.AddRange(["wrong-secret-77", code, verifier, tokens["access_token"]!, tokens["refresh_token"]!, tokens["id_token"]!,
            refreshed["access_token"]!, refreshed["refresh_token"]!, machine["access_token"]!]);

        factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        factory.Services.GetRequiredService<TracerProvider>().ForceFlush();

        // Background work (the token-row writer, the prune job) may still be exporting: read one snapshot of each.
        var spans = Snapshot(spanSink);
        var metrics = Snapshot(metricSink);
        var exported = new StringBuilder();
        foreach (var span in spans)
        {
            Describe(exported, span);
        }

        foreach (var metric in metrics)
        {
            exported.Append(metric.Name).Append(' ');
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    exported.Append(tag.Key).Append('=').Append(tag.Value).Append(' ');
                }
            }

            exported.AppendLine();
        }

        exported.Append(logs.Text);
        var text = exported.ToString();

        // The capture really holds the run: server spans for each endpoint, our own spans, our metrics, logs with trace ids.
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("/connect/token", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.OperationName == "oauthsuite.token.generate");
        Assert.Contains(spans, s => s.Source.Name == "OpenTelemetry.Instrumentation.EntityFrameworkCore");
        Assert.Contains(metrics, m => m.Name == "oauthsuite.tokens.issued");
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");
        Assert.Contains("Sign-in failed", logs.Text, StringComparison.Ordinal);
        Assert.True(logs.WithTraceId > 0, "no log record carried a trace id");

        // ASP.NET Core instrumentation keeps url.query, but with every value redacted.
        var authorize = spans.First(s => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == "/connect/authorize");
        Assert.Contains("Redacted", authorize.GetTagItem("url.query") as string ?? "Redacted", StringComparison.Ordinal);

        foreach (var secret in secrets)
        {
            // A token's signature part is what makes it usable: search for it, and for whole short secrets.
            var needle = secret.Contains('.', StringComparison.Ordinal) ? secret[(secret.LastIndexOf('.') + 1)..] : secret;
            var at = text.IndexOf(needle, StringComparison.Ordinal);
            Assert.True(at < 0, $"a secret ({needle[..Math.Min(6, needle.Length)]}…) was exported: …{text[Math.Max(0, at - 200)..Math.Min(text.Length, at + 40)]}");
        }
    }

    /// <summary>A copy of a list another thread may be appending to (the exporters add without a lock).</summary>
    private static T[] Snapshot<T>(List<T> list)
        where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return [.. list.ToArray().Where(item => item is not null)];
            }
            catch (ArgumentException) when (attempt < 100)
            {
                Thread.Yield();
            }
        }
    }

    private static void Describe(StringBuilder text, Activity span)
    {
        text.Append(span.Source.Name).Append(' ').Append(span.DisplayName).Append(' ').Append(span.StatusDescription).Append(' ');
        foreach (var tag in span.TagObjects)
        {
            text.Append(tag.Key).Append('=').Append(tag.Value).Append(' ');
        }

        foreach (var item in span.Baggage)
        {
            text.Append(item.Key).Append('=').Append(item.Value).Append(' ');
        }

        foreach (var spanEvent in span.Events)
        {
            text.Append(spanEvent.Name).Append(' ');
            foreach (var tag in spanEvent.Tags)
            {
                text.Append(tag.Key).Append('=').Append(tag.Value).Append(' ');
            }
        }

        foreach (var link in span.Links)
        {
            foreach (var tag in link.Tags ?? [])
            {
                text.Append(tag.Key).Append('=').Append(tag.Value).Append(' ');
            }
        }

        text.AppendLine();
    }

    /// <summary>Log records are pooled by the SDK, so each is turned into text when it ends, as an exporter would.</summary>
    private sealed class LogText : BaseProcessor<LogRecord>
    {
        private readonly StringBuilder _text = new();

        public int WithTraceId { get; private set; }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void OnEnd(LogRecord data)
        {
            lock (_text)
            {
                if (data.TraceId != default)
                {
                    WithTraceId++;
                }

                _text.Append(data.CategoryName).Append(' ').Append(data.FormattedMessage).Append(' ').Append(data.Body).Append(' ').Append(data.Exception).Append(' ');
                foreach (var attribute in data.Attributes ?? [])
                {
                    _text.Append(attribute.Key).Append('=').Append(attribute.Value).Append(' ');
                }

                data.ForEachScope(static (scope, text) =>
                {
                    foreach (var item in scope)
                    {
                        text.Append(item.Key).Append('=').Append(item.Value).Append(' ');
                    }
                }, _text);
                _text.AppendLine();
            }
        }
    }
}
