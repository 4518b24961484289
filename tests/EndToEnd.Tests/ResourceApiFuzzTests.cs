using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Xunit.Abstractions;

namespace EndToEnd.Tests;

/// <summary>
/// B1 for the ResourceApi, over real HTTP: generated malformed requests — bad, truncated and mutated tokens, odd
/// schemes, wrong content types, invalid UTF-8, huge bodies and headers — never produce a 5xx, and every error is
/// ProblemDetails or an RFC 6750 challenge.
/// </summary>
public sealed class ResourceApiFuzzTests(ResourceApiFuzzTests.ApiOnlyServices fixture, ITestOutputHelper output) : IClassFixture<ResourceApiFuzzTests.ApiOnlyServices>
{
    private const int Iterations = 3000;

    public sealed class ApiOnlyServices : StackFixture
    {
        protected override StackOptions Options => new(StartDemoClient: false);
    }

    [Fact]
    [Trait("Security", "B1")]
    public async Task ThousandsOfMalformedApiRequests_NeverA5xx_AlwaysADocumentedError()
    {
        var stack = fixture.Stack;
        using var oauth = stack.CreateOAuthClient();
        var valid = (await oauth.ClientCredentialsAsync("api.read api.write"))["access_token"]!;
        using var http = new HttpClient { BaseAddress = stack.ResourceApi };
        var statuses = new Dictionary<int, int>();
        var watch = Stopwatch.StartNew();

        var tokens = Gen.Frequency(
            (3, Gen.Const(valid)),
            (3, Gen.Int[0, valid.Length - 1].Select(Gen.Char['!', '~'], (i, c) => valid[..i] + c + valid[(i + 1)..])),
            (2, Gen.Int[0, valid.Length].Select(i => valid[..i])),
            (2, Gen.String[0, 60]),
            (1, Gen.Const(new string('a', 12_000))));
        var schemes = Gen.OneOfConst("Bearer", "bearer", "BEARER", "Basic", "Bearer  ", "", "Token");
        var request = Gen.Select(
            Gen.OneOfConst("/api/me", "/api/data", "/api/data/", "/api/data/1", "/api", "/health", "/openapi/v1.json", "/nope"),
            Gen.OneOfConst("GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"),
            Gen.Frequency((1, Gen.Const(() => (string?)null)), (6, schemes.Select(tokens, (s, t) => (string?)$"{s} {t}"))),
            Gen.OneOfConst("json", "badjson", "form", "text", "none", "utf8", "huge"),
            Gen.String[0, 200]);

        await request.SampleAsync(async (path, method, authorization, body, text) =>
        {
            using var message = new HttpRequestMessage(new HttpMethod(method), path);

            // A fresh connection per request: Kestrel may close one after refusing an unread body, and a reused
            // pooled connection would then fail the *next* request on the client side.
            message.Headers.ConnectionClose = true;
            if (authorization is not null)
            {
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (method is not ("GET" or "HEAD" or "OPTIONS" or "DELETE"))
            {
                message.Content = body switch
                {
                    "json" => new StringContent(JsonSerializer.Serialize(new { title = text }), Encoding.UTF8, "application/json"),
                    "badjson" => new StringContent("{\"title\":" + text, Encoding.UTF8, "application/json"),
                    "form" => new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = text, ["access_token"] = valid }),
                    "text" => new StringContent(text, Encoding.UTF8, "text/plain"),
                    "utf8" => new ByteArrayContent([0x7B, 0xC3, 0x28, 0xFF, 0x7D]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                    "huge" => new StringContent("{\"title\":\"" + new string('x', 200_000) + "\"}", Encoding.UTF8, "application/json"),
                    _ => null,
                };
            }

            using var response = await http.SendAsync(message);
            var status = (int)response.StatusCode;
            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }

            Assert.True(status < 500, $"{status} for {method} {path} auth={authorization?[..Math.Min(30, authorization.Length)]} body={body}");
            if (status >= 400 && method != "HEAD")
            {
                var type = response.Content.Headers.ContentType?.MediaType;
                Assert.True(type == "application/problem+json" || response.Headers.WwwAuthenticate.Count > 0,
                    $"{status} with '{type}' and no challenge for {method} {path} body={body}");
            }
        }, iter: Iterations, threads: 1, seed: Environment.GetEnvironmentVariable("FUZZ_SEED"));

        output.WriteLine($"{Iterations} requests in {watch.Elapsed.TotalSeconds:F1} s; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
    }
}
