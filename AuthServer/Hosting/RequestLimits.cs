using Microsoft.AspNetCore.Http.Features;

namespace AuthServer.Hosting;

/// <summary>
/// OAuth requests are a few hundred bytes; nothing here needs megabytes. Oversized bodies are refused by Kestrel
/// (413) and oversized form fields by the form reader, before any of it is processed.
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
            form.KeyLengthLimit = 256;
            form.ValueCountLimit = 128;
            form.MultipartBodyLengthLimit = MaxBodyBytes;
        });
        return builder;
    }
}
