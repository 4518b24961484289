using AuthServer.Hardening;
using AuthServer.Seeding;
using Microsoft.Extensions.Options;

namespace AuthServer.Startup;

/// <summary>Turns a configuration or seed error at start into one clear message and a non-zero exit code.</summary>
internal static class StartupErrors
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (SeedException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
        catch (InsecureSettingsException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
        catch (OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join("; ", exception.Failures)}");
            return 1;
        }
        catch (IOException exception) when (exception.InnerException is System.Net.Sockets.SocketException || exception.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"AuthServer cannot listen: {exception.Message}");
            return 1;
        }
    }
}
