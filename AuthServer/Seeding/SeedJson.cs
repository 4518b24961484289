using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AuthServer.Seeding;

/// <summary>
/// Reads typed values out of the parsed seed file. Anything of the wrong type, unknown, repeated or missing becomes
/// an error that starts with its JSON path (<c>clients[2].redirectUris[0]: …</c>) and reading goes on, so one run
/// reports every problem. Nothing here throws for bad input.
/// </summary>
internal sealed partial class SeedJson(Func<string, string?> environment)
{
    public List<string> Errors { get; } = [];

    public List<string> SecretDefaultsUsed { get; } = [];

    public void Error(string path, string message) => Errors.Add($"{Show(path)}: {message}");

    /// <summary>Checks that the element is an object whose properties are all known and none repeated.</summary>
    public bool Object(JsonElement element, string path, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"must be an object, not {Describe(element)}");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = Join(path, property.Name);
            if (!seen.Add(property.Name))
            {
                Error(propertyPath, "duplicate property: each property may appear once");
            }
            else if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(propertyPath, $"unknown property (expected one of: {string.Join(", ", known)})");
            }
        }

        return true;
    }

    /// <summary>The items of an optional array property, each with its path; nothing when the property is absent.</summary>
    public IEnumerable<(JsonElement Item, string Path)> Items(JsonElement obj, string path, string name)
    {
        var arrayPath = Join(path, name);
        if (!obj.TryGetProperty(name, out var array))
        {
            yield break;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Error(arrayPath, $"must be an array, not {Describe(array)}");
            yield break;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            yield return (item, $"{arrayPath}[{index++}]");
        }
    }

    /// <summary>
    /// A string property after variable expansion. A required one must not be empty; an optional one that expands to
    /// nothing counts as absent, so <c>"${VAR:-}"</c> can switch a setting off.
    /// </summary>
    public string? String(JsonElement obj, string path, string name, bool required = false, bool secret = false)
    {
        var propertyPath = Join(path, name);
        if (!obj.TryGetProperty(name, out var value))
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
        if (required && expanded is not null && string.IsNullOrWhiteSpace(expanded))
        {
            Error(propertyPath, "must not be empty");
        }

        return string.IsNullOrEmpty(expanded) ? null : expanded;
    }

    /// <summary>An optional array of non-empty, distinct strings; each bad item is reported by its index.</summary>
    public List<string> Strings(JsonElement obj, string path, string name)
    {
        var values = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, itemPath) in Items(obj, path, name))
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Error(itemPath, $"must be a string, not {Describe(item)}");
                continue;
            }

            var expanded = Expand(item.GetString()!, itemPath, secret: false);
            if (expanded is null)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(expanded))
            {
                Error(itemPath, "must not be empty");
            }
            else if (!seen.TryAdd(expanded, itemPath))
            {
                Error(itemPath, $"{Quote(expanded)} is listed twice (also at {Show(seen[expanded])})");
            }
            else
            {
                values.Add(expanded);
            }
        }

        return values;
    }

    /// <summary>
    /// A value from the file, quoted and escaped so that control characters or a huge value cannot garble the
    /// error list, the console or a log line.
    /// </summary>
    public static string Quote(string value)
    {
        const int Longest = 120;
        var shown = value.Length > Longest ? value[..Longest] + "…" : value;
        return "'" + JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(shown) + "'";
    }

    private string? Expand(string value, string path, bool secret)
    {
        var expansion = SeedVariables.Expand(value, environment);
        foreach (var problem in expansion.Problems)
        {
            Error(path, problem);
        }

        if (secret)
        {
            SecretDefaultsUsed.AddRange(expansion.DefaultsUsed);
        }

        return expansion.Value;
    }

    // Paths read like the file: clients[2].redirectUris[0]; a property name that is not a plain identifier is shown
    // quoted, so that a hostile name cannot break the line it appears in.
    private static string Join(string path, string name)
    {
        var segment = PlainName().IsMatch(name) ? name : $"[{Quote(name)}]";
        return path.Length == 0 || segment[0] == '[' ? path + segment : $"{path}.{segment}";
    }

    // The root has no name of its own.
    private static string Show(string path) => path.Length == 0 ? "$" : path;

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    [GeneratedRegex(@"^\$?[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();
}
