using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO.Lammps;
using Vitrion.Paths;
using Vitrion.Paths.Hops;
using Vitrion.Paths.Neb;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary>Options shared by <c>vitrion neb</c> and <c>vitrion neb batch</c>.</summary>
internal sealed class NebCliShared
{
    public Argument<string> Data { get; } = new("data") { Description = "LAMMPS data file of the glass (atom_style full; types named by Masses comments, mass/charge, or --type-names)." };
    public Option<int> Images { get; } = new("--images") { Description = "Images including both end states (default 9; the paper uses 7–11).", DefaultValueFactory = _ => 9 };
    public Option<bool> Climb { get; } = new("--climb") { Description = "Climbing image, switched on after the band relaxed to --climb-start (default true; --climb false for a plain NEB).", DefaultValueFactory = _ => true };
    public Option<double> Fmax { get; } = new("--fmax") { Description = "Force tolerance of the band: largest atomic NEB force [kcal/mol/Å] (default 0.1).", DefaultValueFactory = _ => 0.1 };
    public Option<double> ClimbStart { get; } = new("--climb-start") { Description = "Force tolerance [kcal/mol/Å] of the first (non-climbing) stage (default 0.5).", DefaultValueFactory = _ => 0.5 };
    public Option<double> Spring { get; } = new("--spring") { Description = "Spring constant between images [kcal/mol/Å²] (default 5).", DefaultValueFactory = _ => 5.0 };
    public Option<int> MaxSteps { get; } = new("--max-steps") { Description = "Step limit of the climbing stage (default 2000; the first stage has at most 300).", DefaultValueFactory = _ => 2000 };
    public Option<double> MaxStep { get; } = new("--max-step") { Description = "Largest displacement of any atom in one band step [Å] (default 0.1).", DefaultValueFactory = _ => 0.1 };
    public Option<string> Minimizer { get; } = new("--minimizer") { Description = "Minimiser driving the band: fire (default) or lbfgs.", DefaultValueFactory = _ => "fire" };
    public Option<bool> Idpp { get; } = new("--idpp") { Description = "IDPP interpolation (Smidstrup 2014; default true). --idpp false interpolates linearly, which in a glass often runs the Li through an S.", DefaultValueFactory = _ => true };
    public Option<double> RelaxFmax { get; } = new("--relax-fmax") { Description = "Force tolerance of the end-state relaxations [kcal/mol/Å] (default 0.05).", DefaultValueFactory = _ => 0.05 };
    public Option<int> RelaxSteps { get; } = new("--relax-steps") { Description = "Step limit of each end-state relaxation (FIRE; default 3000).", DefaultValueFactory = _ => 3000 };
    public Option<bool> RelaxGlass { get; } = new("--relax-glass") { Description = "Relax the whole glass once before making the vacancy, so the end states differ only near the hop (default true).", DefaultValueFactory = _ => true };
    public Option<double> MobileRadius { get; } = new("--mobile-radius") { Description = "Radius [Å] of the mobile region around the hop (atoms within it of the segment from the moving Li to the target site relax; the rest of the glass is frozen, as LAMMPS fix setforce 0 0 0). Default 6; 0 lets every atom move, and then the band tends to relax the matrix into other basins (images below both end states).", DefaultValueFactory = _ => 6.0 };
    public Option<string?> TypeNames { get; } = InputCliOptions.TypeNames();

    /// <summary>The force-field options; the k-space sum adds the uniform neutralising background the vacancy's net charge needs.</summary>
    public ForceFieldCliOptions Field { get; } = new(threadsHelp: "Total worker threads shared by the images (0 = all cores). Default 0.");

    public void AddTo(Command cmd)
    {
        cmd.Arguments.Add(Data);
        foreach (var o in new Option[] { Images, Climb, Fmax, ClimbStart, Spring, MaxSteps, MaxStep, Minimizer, Idpp, RelaxFmax, RelaxSteps, RelaxGlass, MobileRadius, TypeNames })
        {
            cmd.Options.Add(o);
        }

        Field.AddTo(cmd);
    }

    /// <summary>The hop settings of the command line, checked (<see cref="NebBatchTask.Check"/>).</summary>
    public HopOptions Hop(ParseResult pr, string species = "Li")
    {
        var options = new HopOptions
        {
            Images = pr.GetValue(Images),
            Idpp = pr.GetValue(Idpp),
            RelaxGlassFirst = pr.GetValue(RelaxGlass),
            Threads = pr.GetValue(Field.Threads!),
            Species = species,
            MobileRadius = pr.GetValue(MobileRadius),
            Relaxation = new MinimizerOptions { ForceTolerance = pr.GetValue(RelaxFmax), MaxSteps = pr.GetValue(RelaxSteps), MaxStep = 0.1 },
            Neb = new NebOptions
            {
                Climb = pr.GetValue(Climb),
                ForceTolerance = pr.GetValue(Fmax),
                ClimbStartTolerance = pr.GetValue(ClimbStart),
                SpringConstant = pr.GetValue(Spring),
                MaxSteps = pr.GetValue(MaxSteps),
                MaxStep = pr.GetValue(MaxStep),
                Minimizer = (pr.GetValue(Minimizer) ?? "fire").ToLowerInvariant(),
            },
        };
        NebBatchTask.Check(options);
        return options;
    }

    /// <summary>Reads the glass and creates the hop runner.</summary>
    public (SystemState State, LiHopRunner Runner, ForceFieldSpec Spec, ForceFieldOptions FieldOptions) Load(ParseResult pr, string species = "Li")
    {
        var style = Field.Style(pr);
        string path = pr.GetValue(Data)!;
        var names = pr.GetValue(TypeNames)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ld = LammpsDataReader.Read(path, new LammpsDataReadOptions { TypeNames = names });
        var spec = Field.Spec(pr);
        var options = Hop(pr, species);
        var ffOptions = new ForceFieldOptions { Kspace = style, Accuracy = pr.GetValue(Field.Accuracy), Cutoff = pr.GetValue(Field.Cutoff!) };
        PotentialFactory factory = (topo, box, threads) => new ArigaForceField(spec, topo, box, ffOptions with { Threads = threads });
        var state = new SystemState(ld.Topology, ld.Box, (Vec3[])ld.Positions.Clone(), null, (Int3[])ld.Images.Clone());
        return (state, new LiHopRunner(state, factory, options), spec, ffOptions);
    }
}
