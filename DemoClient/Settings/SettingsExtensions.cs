using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DemoClient.Settings;

public static class SettingsExtensions
{
    /// <summary>Each section bound and validated at start; <see cref="DemoClientOptions"/> gathers them for the flow.</summary>
    public static WebApplicationBuilder AddDemoClientSettings(this WebApplicationBuilder builder)
    {
        Add<AuthSettings>(builder.Services, AuthSettings.Section);
        Add<ResourceApiSettings>(builder.Services, ResourceApiSettings.Section);
        Add<SiteSettings>(builder.Services, SiteSettings.Section);
        Add<WalkSettings>(builder.Services, WalkSettings.Section);
        builder.Services.AddSingleton(services => new DemoClientOptions
        {
            Auth = services.GetRequiredService<IOptions<AuthSettings>>().Value,
            ResourceApi = services.GetRequiredService<IOptions<ResourceApiSettings>>().Value,
            Site = services.GetRequiredService<IOptions<SiteSettings>>().Value,
            Walk = services.GetRequiredService<IOptions<WalkSettings>>().Value,
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    private static void Add<T>(IServiceCollection services, string section)
        where T : class => services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
