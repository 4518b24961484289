using System.Text.RegularExpressions;

namespace AuthServer.Seeding;

/// <summary>
/// <c>${NAME}</c> and <c>${NAME:-default}</c> in a string value, with the shell's meaning: the default applies when
/// the variable is unset or empty. Expansion runs on values that are already parsed, so a variable can never change
/// the document's structure, and a substituted value is not scanned again.
/// </summary>
internal static partial class SeedVariables
{
    /// <param name="Value">The expanded string, or null when a reference could not be resolved.</param>
    /// <param name="Problems">What went wrong, without the value itself (it may be a secret).</param>
    /// <param name="DefaultsUsed">Variables that were unset or empty and fell back to a non-empty default.</param>
    public sealed record Expansion(string? Value, IReadOnlyList<string> Problems, IReadOnlyList<string> DefaultsUsed);

    public static Expansion Expand(string value, Func<string, string?> environment)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return new Expansion(value, [], []);
        }

        var problems = new List<string>();
        var defaults = new List<string>();
        var expanded = Reference().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            var set = environment(name);
            if (!string.IsNullOrEmpty(set))
            {
                return set;
            }

            if (match.Groups["default"] is { Success: true } fallback)
            {
                // An empty default switches the value off; only a printed value is a secret someone could read.
                if (fallback.Length > 0)
                {
                    defaults.Add(name);
                }

                return fallback.Value;
            }

            if (set is null)
            {
                problems.Add($"environment variable {name} is not set and has no default (write ${{{name}:-default}} to give one)");
            }

            return string.Empty;
        });

        // A typo such as ${DEMO-SECRET} or ${NAME:default} would otherwise become a literal secret in the database.
        if (Reference().Replace(value, string.Empty).Contains("${", StringComparison.Ordinal))
        {
            problems.Add("contains '${' that is not a variable reference: write ${NAME} or ${NAME:-default}, NAME made of letters, digits and _");
        }

        return new Expansion(problems.Count == 0 ? expanded : null, problems, defaults);
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
