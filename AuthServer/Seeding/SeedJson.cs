using System.Text.Json;
using System.Text.RegularExpressions;

namespace AuthServer.Seeding;

/// <summary>
/// Reads typed values out of the parsed seed file, recording an error with its JSON path for anything of the wrong
/// type, unknown or missing, and expanding <c>${NAME}</c> / <c>${NAME:-default}</c> in strings. Expansion happens
/// after parsing, so a variable's value can never change the document's structure.
/// </summary>
internal sealed partial class SeedJson(Func<string, string?> environment)
{
    public List<string> Errors { get; } = [];

    public List<string> SecretDefaultsUsed { get; } = [];

    public void Error(string path, string message) => Errors.Add($"{path}: {message}");

    public bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, $"must be an object, not {Describe(element)}");
        return false;
    }

    public void RejectUnknown(JsonElement obj, string path, params string[] known)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(Join(path, property.Name), $"unknown property (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    public IEnumerable<(JsonElement Item, string Path)> Array(JsonElement obj, string path, string name)
    {
        var itemPath = Join(path, name);
        if (!obj.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Error(itemPath, $"must be an array, not {Describe(array)}");
            yield break;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            yield return (item, $"{itemPath}[{index++}]");
        }
    }

    public string? String(JsonElement obj, string path, string name, bool required = false, bool secret = false)
    {
        var propertyPath = Join(path, name);
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Error(propertyPath, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(propertyPath, $"must be a string, not {Describe(value)}");
            return null;
        }

        var expanded = Expand(value.GetString()!, propertyPath, secret);
        if (required && string.IsNullOrWhiteSpace(expanded))
        {
            Error(propertyPath, "must not be empty");
        }

        return expanded;
    }

    public List<string> Strings(JsonElement obj, string path, string name)
    {
        var values = new List<string>();
        foreach (var (item, itemPath) in Array(obj, path, name))
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Error(itemPath, $"must be a string, not {Describe(item)}");
                continue;
            }

            if (Expand(item.GetString()!, itemPath, secret: false) is { } expanded)
            {
                values.Add(expanded);
            }
        }

        return values;
    }

    private string? Expand(string value, string path, bool secret)
    {
        var failed = false;
        var result = Variable().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            if (environment(name) is { } set)
            {
                return set;
            }

            if (match.Groups["default"].Success)
            {
                if (secret)
                {
                    SecretDefaultsUsed.Add(name);
                }

                return match.Groups["default"].Value;
            }

            Error(path, $"environment variable {name} is not set and has no default (write ${{{name}:-default}} to give one)");
            failed = true;
            return string.Empty;
        });
        return failed ? null : result;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();
}
