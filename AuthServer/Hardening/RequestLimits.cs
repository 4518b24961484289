using System.Text;
using Microsoft.AspNetCore.Http.Features;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Hardening;

/// <summary>
/// OAuth requests are a few hundred bytes; nothing here needs megabytes. Oversized bodies and form fields are
/// refused (413/400) before OpenIddict or a page reads them: the form reader throws on its limits, and an exception
/// inside OpenIddict's request extraction would otherwise surface as a 500.
/// </summary>
internal static class RequestLimits
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxFieldBytes = 16 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.AddServerHeader = false;
        });
        builder.Services.Configure<FormOptions>(form =>
        {
            form.ValueLengthLimit = MaxFieldBytes;
            form.KeyLengthLimit = 1024;
            form.ValueCountLimit = 128;
            form.MultipartBodyLengthLimit = MaxBodyBytes;
        });
        return builder;
    }

    /// <summary>Reads (and so caches) every form up front, inside the limits, turning a breach into a clean error.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes} bytes.");
            return;
        }

        if (context.Request.HasFormContentType)
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException exception)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, $"The form is malformed or exceeds a limit: {exception.Message}");
                return;
            }
            catch (BadHttpRequestException exception)
            {
                await RefuseAsync(context, exception.StatusCode, "The request body could not be read.");
                return;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or NotSupportedException or FormatException or DecoderFallbackException)
            {
                // e.g. an unsupported charset such as utf-7 in the Content-Type.
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "The form could not be decoded.");
                return;
            }
        }

        await next(context);
    });

    // OpenIddict cannot shape this error (it never saw a request), so protocol endpoints get the RFC 6749 shape here.
    private static Task RefuseAsync(HttpContext context, int status, string description)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Request.Path.StartsWithSegments("/connect")
            ? context.Response.WriteAsJsonAsync(new Dictionary<string, string> { [Parameters.Error] = Errors.InvalidRequest, [Parameters.ErrorDescription] = description })
            : Results.Problem(statusCode: status, detail: description).ExecuteAsync(context);
    }
}
