using System.CommandLine;

namespace Vitrion.Cli;

/// <summary>Builds the root command from every <see cref="ICliCommand"/> in this assembly and runs it.</summary>
public static class CliApp
{
    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = BuildRoot();
        try
        {
            args = CapThreads(args);
            var parse = root.Parse(args);
            if (parse.Errors.Count == 0 && parse.Action is not null)
            {
                OutputPaths.Check(parse);
                CheckAccuracy(parse);
            }
            return parse.Invoke();
        }
        catch (Exception ex)
        {
            return ErrorHandling.Report(ex);
        }
    }

    /// <summary>
    /// <c>--threads N</c> of every command: a negative N is an error; an N above the processor count is capped at it
    /// (more threads than processors only add switching, and thousands of them stall the run), with a note on stderr.
    /// </summary>
    public static string[] CapThreads(string[] args)
    {
        string[]? copy = null;
        int cores = Environment.ProcessorCount;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            int at;
            string value;
            if (a == "--threads" && i + 1 < args.Length) { at = i + 1; value = args[i + 1]; }
            else if (a.StartsWith("--threads=", StringComparison.Ordinal)) { at = i; value = a["--threads=".Length..]; }
            else { continue; }
            if (!long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long n)) { continue; } // the parser reports it
            if (n < 0) { throw new Vitrion.Core.InputException($"--threads must be ≥ 0 (0 = all {cores} processors), got {n}"); }
            if (n > cores)
            {
                Console.Error.WriteLine(FormattableString.Invariant($"vitrion: note: --threads {n} capped at the {cores} processors of this machine"));
                copy ??= (string[])args.Clone();
                copy[at] = at == i ? FormattableString.Invariant($"--threads={cores}") : cores.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return copy ?? args;
    }

    /// <summary><c>--accuracy</c> of every command (relative k-space force accuracy) must lie in the range LAMMPS users mean.</summary>
    private static void CheckAccuracy(ParseResult parse)
    {
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is System.CommandLine.Parsing.OptionResult { Option.Name: "--accuracy" } o && o.Tokens.Count > 0 && o.GetValueOrDefault<double>() is double a
                && !(a >= Vitrion.Dynamics.Protocols.ProtocolChecks.MinAccuracy && a <= Vitrion.Dynamics.Protocols.ProtocolChecks.MaxAccuracy))
            {
                throw new Vitrion.Core.InputException(FormattableString.Invariant(
                    $"--accuracy must lie in [{Vitrion.Dynamics.Protocols.ProtocolChecks.MinAccuracy:G}, {Vitrion.Dynamics.Protocols.ProtocolChecks.MaxAccuracy:G}] (relative k-space force accuracy; LAMMPS' usual value is 1e-5), got {a:G}"));
            }
        }
    }

    /// <summary>The root command with all sub-commands.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Vitrion: glassy Li2S–P2S5 solid electrolytes end to end — build glass models, run MD with the Ariga 2022 " +
            "force field, and analyse structure, transport, softness, migration barriers and medium-range order. " +
            "Units are LAMMPS 'real' (kcal/mol, Å, fs, g/mol, e, K, atm).");
        var groups = new Dictionary<string, Command>();
        var commands = typeof(CliApp).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Group ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(c => c.GetType().Name, StringComparer.Ordinal);
        foreach (var c in commands)
        {
            var cmd = c.Create();
            if (c.Group is null)
            {
                if (groups.TryGetValue(cmd.Name, out var existing))
                {
                    // A group that also has its own action (e.g. "neb" and "neb batch").
                    foreach (var sub in existing.Subcommands.ToList()) { cmd.Subcommands.Add(sub); }
                    root.Subcommands.Remove(existing);
                }

                groups[cmd.Name] = cmd;
                root.Subcommands.Add(cmd);
            }
            else
            {
                if (!groups.TryGetValue(c.Group, out var group))
                {
                    group = new Command(c.Group, GroupDescriptions.Describe(c.Group));
                    groups[c.Group] = group;
                    root.Subcommands.Add(group);
                }

                group.Subcommands.Add(cmd);
            }
        }

        return root;
    }
}

/// <summary>One `vitrion` command. Implementations are found by reflection, so adding a file adds a command.</summary>
public interface ICliCommand
{
    /// <summary>Parent group (e.g. "analyze", "softness", "neb"), or null for a top-level command.</summary>
    string? Group => null;

    /// <summary>Creates the command with its options and action.</summary>
    Command Create();
}

internal static class GroupDescriptions
{
    public static string Describe(string group) => group switch
    {
        "analyze" => "Analyses of structures and trajectories (LAMMPS data/dump or extended XYZ): structure, transport, rearrangement, medium-range order.",
        "softness" => "Softness: train a logistic-regression model on radial structure functions, apply it, and analyse the result.",
        "neb" => "Climbing-image nudged elastic band for Li migration barriers.",
        "export" => "Write input decks for other programs.",
        _ => group,
    };
}
