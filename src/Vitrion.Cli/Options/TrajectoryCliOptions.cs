using System.CommandLine;
using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Options;

/// <summary>Options shared by the transport commands that read a trajectory.</summary>
internal sealed class TrajectoryCliOptions
{
    public Argument<string> Input { get; } = new("input") { Description = "Trajectory: LAMMPS dump (.dump/.lammpstrj; columns x y z with ix iy iz, or xu yu zu, sorted by id), extended XYZ (.xyz) or a LAMMPS data file (one frame)." };

    public Option<string> Species { get; } = new("--species") { Description = "Species to analyse: comma-separated type names or elements (e.g. Li, or S4,S2). Default Li.", DefaultValueFactory = _ => "Li" };

    public Option<string> Com { get; } = new("--com") { Description = "Centre-of-mass drift removed: 'system' (all atoms, mass-weighted; default), 'group' (the selected atoms: reproduces LAMMPS compute msd com yes) or 'none'.", DefaultValueFactory = _ => "system" };

    public Option<string> Unwrap { get; } = new("--unwrap") { Description = "Unwrapping: 'auto' (unwrapped columns, else image flags, else continuous; default), 'images', 'columns' or 'continuous' (from wrapped positions, in fractional coordinates; needs atoms to move less than half the box between frames).", DefaultValueFactory = _ => "auto" };

    public Option<double> DtFs { get; } = new("--dt-fs") { Description = "MD timestep [fs]: frame time = step × dt for files without times (LAMMPS dumps). Default 1.", DefaultValueFactory = _ => 1.0 };

    public Option<string?> Format { get; } = InputCliOptions.Format();

    public Option<string?> TypeNames { get; } = InputCliOptions.TypeNames();

    public Option<string?> Data { get; } = InputCliOptions.Topology("--data");

    public Option<string?> FrameSlice { get; } = InputCliOptions.Frames();

    public void AddTo(Command cmd)
    {
        cmd.Arguments.Add(Input);
        foreach (Option o in new Option[] { Species, Com, Unwrap, DtFs, Format, TypeNames, Data, FrameSlice }) { cmd.Options.Add(o); }
    }

    public IReadOnlyList<string> SpeciesList(ParseResult pr)
    {
        var list = pr.GetValue(Species)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0) { throw new InputException("--species names no species; give type names or elements, e.g. --species Li"); }
        return list;
    }

    public MsdOptions MsdOptions(ParseResult pr, MsdMode mode)
    {
        double dt = pr.GetValue(DtFs);
        if (!(dt > 0)) { throw new InputException("--dt-fs must be positive"); }
        return new MsdOptions
        {
            Species = SpeciesList(pr),
            Mode = mode,
            Com = TransportCli.ParseCom(pr.GetValue(Com)!),
            Unwrap = TransportCli.ParseUnwrap(pr.GetValue(Unwrap)!),
            TimestepFs = dt,
        };
    }

    /// <summary>Format, type names, topology and frame slice of the command line.</summary>
    public TrajectorySelection Selection(ParseResult pr) => new()
    {
        Format = pr.GetValue(Format),
        TypeNames = pr.GetValue(TypeNames)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        TopologyData = pr.GetValue(Data),
        Frames = pr.GetValue(FrameSlice),
    };

    /// <summary>The selected frames of the input.</summary>
    public IEnumerable<Frame> Frames(ParseResult pr) => TrajectoryInput.Frames(pr.GetValue(Input)!, Selection(pr));
}
