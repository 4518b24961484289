namespace AuthServer.Device;

public static class DeviceFlowExtensions
{
    /// <summary>
    /// The device authorization grant (RFC 8628): OpenIddict's device endpoint at <c>/connect/device</c>, polling at
    /// the token endpoint, and our verification page at <c>/device</c>. Call after <c>AddOAuthServer</c>.
    /// </summary>
    public static WebApplicationBuilder AddDeviceFlow(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeviceFlowOptions>().BindConfiguration(DeviceFlowOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(DeviceFlowOptions.Section).Get<DeviceFlowOptions>() ?? new DeviceFlowOptions();

        builder.Services.AddSingleton<IDevicePollingStore, InMemoryDevicePollingStore>();
        builder.Services.AddSingleton<DeviceCodeEntryGuard>();
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetDeviceAuthorizationEndpointUris("connect/device")
                .SetEndUserVerificationEndpointUris(DevicePage.Path.TrimStart('/'))
                .AllowDeviceAuthorizationFlow()
                // The device code and the code the user types expire together (RFC 8628 §3.2 expires_in).
                .SetDeviceCodeLifetime(settings.CodeLifetime)
                .SetUserCodeLifetime(settings.CodeLifetime)
                .UseReadableUserCodes()
                .EnforcePollingInterval();

            server.UseAspNetCore().EnableEndUserVerificationEndpointPassthrough();
        });
        return builder;
    }
}
