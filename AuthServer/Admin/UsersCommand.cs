using System.Text;
using Microsoft.AspNetCore.Identity;

namespace AuthServer.Admin;

/// <summary>
/// <c>users add|set-password|lock|unlock NAME</c> through Identity's <see cref="UserManager{TUser}"/>, so its password
/// rules, hashing, security stamps and lockout apply exactly as at sign-in. Passwords are read from stdin (one line)
/// or a prompt without echo, never from the command line, where other users could read them in the process list.
/// </summary>
internal static class UsersCommand
{
    private const string Usage = "AuthServer users add NAME [--email EMAIL] | users set-password NAME | users lock NAME | users unlock NAME   (passwords are read from stdin)";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        switch (args)
        {
            case ["add", var name, .. var rest] when rest is [] or ["--email", _]:
                if (await users.FindByNameAsync(name) is not null)
                {
                    return await AdminCommands.FailAsync($"User '{name}' already exists (use `users set-password {name}`).");
                }

                var user = new IdentityUser(name) { Email = rest is [_, var email] ? email : null, EmailConfirmed = rest is [_, _] };
                var created = await users.CreateAsync(user, await ReadPasswordAsync());
                return created.Succeeded ? Done($"User '{name}' added.") : await RefusedAsync(created);

            case ["set-password", var name]:
                if (await users.FindByNameAsync(name) is not { } existing)
                {
                    return await UnknownAsync(name);
                }

                var password = await ReadPasswordAsync();

                // Validate first: RemovePassword then a refused AddPassword would leave the user without one.
                foreach (var validator in users.PasswordValidators)
                {
                    if (await validator.ValidateAsync(users, existing, password) is { Succeeded: false } invalid)
                    {
                        return await RefusedAsync(invalid);
                    }
                }

                var changed = await users.RemovePasswordAsync(existing);
                changed = changed.Succeeded ? await users.AddPasswordAsync(existing, password) : changed;
                return changed.Succeeded ? Done($"Password of '{name}' changed; existing sign-in cookies stop working.") : await RefusedAsync(changed);

            case ["lock", var name]:
                if (await users.FindByNameAsync(name) is not { } locking)
                {
                    return await UnknownAsync(name);
                }

                await users.SetLockoutEnabledAsync(locking, true);
                var locked = await users.SetLockoutEndDateAsync(locking, DateTimeOffset.MaxValue);
                return locked.Succeeded ? Done($"User '{name}' is locked until `users unlock {name}`.") : await RefusedAsync(locked);

            case ["unlock", var name]:
                if (await users.FindByNameAsync(name) is not { } unlocking)
                {
                    return await UnknownAsync(name);
                }

                var unlocked = await users.SetLockoutEndDateAsync(unlocking, null);
                unlocked = unlocked.Succeeded ? await users.ResetAccessFailedCountAsync(unlocking) : unlocked;
                return unlocked.Succeeded ? Done($"User '{name}' is unlocked.") : await RefusedAsync(unlocked);

            default:
                return await AdminCommands.UsageAsync(Usage);
        }
    }

    private static int Done(string message)
    {
        Console.WriteLine(message);
        return 0;
    }

    private static Task<int> UnknownAsync(string name) => AdminCommands.FailAsync($"No user named '{name}'.");

    private static Task<int> RefusedAsync(IdentityResult result) =>
        AdminCommands.FailAsync("Refused: " + string.Join(" ", result.Errors.Select(e => e.Description)));

    private static async Task<string> ReadPasswordAsync()
    {
        if (Console.IsInputRedirected)
        {
            return await Console.In.ReadLineAsync() ?? string.Empty;
        }

        await Console.Error.WriteAsync("Password: ");
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        await Console.Error.WriteLineAsync();
        return password.ToString();
    }
}
