using System.CommandLine;
using Vitrion.Dynamics.Protocols;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;

namespace Vitrion.Cli.Options;

/// <summary>
/// The force-field options, declared once for every command that evaluates the force field (md, run, energy, quench,
/// neb, neb batch, export lammps; for <c>run</c> they override the protocol file's keys of the same names): <c>--forcefield</c>,
/// <c>--kspace</c> (pppm | ewald | none, parsed by <see cref="KspaceStyleNames"/>), <c>--accuracy</c>, <c>--cutoff</c>
/// [Å] and <c>--threads</c>. A command that has no use for the cutoff or the threads (export lammps) leaves them out.
/// </summary>
internal sealed class ForceFieldCliOptions
{
    /// <summary>Creates the group.</summary>
    /// <param name="cutoff">whether the command takes <c>--cutoff</c>.</param>
    /// <param name="threads">whether the command takes <c>--threads</c>.</param>
    /// <param name="threadsHelp">what the threads are used for, when it differs from the force evaluation's workers.</param>
    public ForceFieldCliOptions(bool cutoff = true, bool threads = true, string? threadsHelp = null)
    {
        Cutoff = cutoff ? new Option<double?>("--cutoff") { Description = "Pair cutoff of LJ and real-space Coulomb [Å]. Default: the force field's (12)." } : null;
        Threads = threads
            ? new Option<int>("--threads") { Description = threadsHelp ?? "Worker threads of the force field (0 = all cores; more than the processor count is capped at it). Default 0. Sums depend on the count: bitwise restarts need the same one.", DefaultValueFactory = _ => 0 }
            : null;
    }

    /// <summary><c>--forcefield</c>: force-field JSON.</summary>
    public Option<string?> File { get; } = new("--forcefield") { Description = "Force-field JSON. Default: data/forcefields/ariga2022.json of the installation." };

    /// <summary><c>--kspace</c>: pppm, ewald or none.</summary>
    public Option<string> Kspace { get; } = new("--kspace") { Description = KspaceStyleNames.Help, DefaultValueFactory = _ => "pppm" };

    /// <summary><c>--accuracy</c>: relative k-space force accuracy (checked by <see cref="CliApp"/>).</summary>
    public Option<double> Accuracy { get; } = new("--accuracy") { Description = "Relative k-space force accuracy (LAMMPS kspace_style accuracy). Default 1e-5.", DefaultValueFactory = _ => 1e-5 };

    /// <summary><c>--cutoff</c> [Å], or null when the command does not take it.</summary>
    public Option<double?>? Cutoff { get; }

    /// <summary><c>--threads</c>, or null when the command does not take it.</summary>
    public Option<int>? Threads { get; }

    /// <summary>Adds the options to a command.</summary>
    /// <param name="cmd">the command.</param>
    public void AddTo(Command cmd)
    {
        cmd.Options.Add(File);
        cmd.Options.Add(Kspace);
        cmd.Options.Add(Accuracy);
        if (Cutoff is not null) { cmd.Options.Add(Cutoff); }
        if (Threads is not null) { cmd.Options.Add(Threads); }
    }

    /// <summary>The k-space style of the command line.</summary>
    /// <param name="pr">parse result.</param>
    /// <returns>the style.</returns>
    public KspaceStyle Style(ParseResult pr) => KspaceStyleNames.Parse(pr.GetValue(Kspace));

    /// <summary>The force-field file of the command line, or null for the installation's.</summary>
    /// <param name="pr">parse result.</param>
    /// <returns>the path or null.</returns>
    public string? FilePath(ParseResult pr) => pr.GetValue(File);

    /// <summary>The force-field parameters (the file of <c>--forcefield</c>, else the installation's).</summary>
    /// <param name="pr">parse result.</param>
    /// <returns>the specification.</returns>
    public ForceFieldSpec Spec(ParseResult pr) => pr.GetValue(File) is { } f ? ForceFieldSpec.Load(f) : ForceFieldSpec.LoadDefault();

    /// <summary>The force-field options of the command line.</summary>
    /// <param name="pr">parse result.</param>
    /// <returns>the options (other members at their defaults).</returns>
    public ForceFieldOptions Options(ParseResult pr) => new()
    {
        Kspace = Style(pr),
        Accuracy = pr.GetValue(Accuracy),
        Cutoff = Cutoff is null ? null : pr.GetValue(Cutoff),
        Threads = Threads is null ? 0 : pr.GetValue(Threads),
    };

    /// <summary>The settings of an MD run (a protocol's force-field block).</summary>
    /// <param name="pr">parse result.</param>
    /// <returns>the settings (skin 2 Å).</returns>
    public ForceFieldSettings Settings(ParseResult pr) =>
        new(pr.GetValue(File), Style(pr), pr.GetValue(Accuracy), Cutoff is null ? null : pr.GetValue(Cutoff), 2.0, Threads is null ? 0 : pr.GetValue(Threads));

    /// <summary>The settings of a protocol file with the options given on the command line put over them (<c>vitrion run</c>).</summary>
    /// <param name="pr">parse result.</param>
    /// <param name="file">the protocol's settings.</param>
    /// <returns>the settings to run with.</returns>
    public ForceFieldSettings Override(ParseResult pr, ForceFieldSettings file)
    {
        bool Given(Option o) => pr.GetResult(o) is { Implicit: false };
        return file with
        {
            ForceFieldFile = Given(File) ? Path.GetFullPath(pr.GetValue(File)!) : file.ForceFieldFile,
            Kspace = Given(Kspace) ? Style(pr) : file.Kspace,
            Accuracy = Given(Accuracy) ? pr.GetValue(Accuracy) : file.Accuracy,
            Cutoff = Cutoff is not null && Given(Cutoff) ? pr.GetValue(Cutoff) : file.Cutoff,
            Threads = Threads is not null && Given(Threads) ? pr.GetValue(Threads) : file.Threads,
        };
    }
}
