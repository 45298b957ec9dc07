using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.Paths.Neb;

namespace Vitrion.Paths.Hops;

/// <summary>
/// Creates the energy model of one image: a fresh <see cref="IPotential"/> for a topology in a box. Each image
/// and end state gets its own instance, so images run in parallel without sharing caches.
/// </summary>
/// <param name="topology">the topology of the hop system (after the target Li was removed).</param>
/// <param name="box">the box [Å].</param>
/// <param name="threads">worker threads this instance may use.</param>
public delegate IPotential PotentialFactory(Topology topology, Box box, int threads);

/// <summary>
/// How the target site of a hop is made available.
/// <para><see cref="Vacancy"/> (the default, as the paper): the Li on the target site is removed, leaving a
/// vacancy; the system is then charged −(Li charge) and the k-space term adds the uniform neutralising background
/// (as LAMMPS does for a non-neutral system), so energies of initial, final and intermediate states are comparable.</para>
/// <para>The documented alternative (not implemented here) keeps every atom and creates the vacancy by removing a
/// distant Li instead (or a neutral Li2S unit), at the cost of a concerted two-Li problem or a second defect; use
/// it by preparing such a data file yourself and running <c>vitrion neb</c> with explicit end states.</para>
/// </summary>
public enum TargetSiteMode
{
    /// <summary>Remove the target Li (vacancy with neutralising background).</summary>
    Vacancy,
}

/// <summary>Settings of one Li hop: end-state relaxation, interpolation and the NEB.</summary>
public sealed record HopOptions
{
    /// <summary>Images including both ends (default 9).</summary>
    public int Images { get; init; } = 9;

    /// <summary>Use IDPP interpolation (default false: linear; a single Li moving makes both nearly equal).</summary>
    public bool Idpp { get; init; }

    /// <summary>How the target site is made available (default <see cref="TargetSiteMode.Vacancy"/>).</summary>
    public TargetSiteMode Mode { get; init; } = TargetSiteMode.Vacancy;

    /// <summary>End-state relaxation (FIRE); default force tolerance 0.05 kcal/mol/Å, 3000 steps, 0.1 Å max step.</summary>
    public MinimizerOptions Relaxation { get; init; } = new() { ForceTolerance = 0.05, MaxSteps = 3000, MaxStep = 0.1 };

    /// <summary>NEB settings (climbing image on by default).</summary>
    public NebOptions Neb { get; init; } = new();

    /// <summary>
    /// Relax the whole glass once (before any vacancy is made; cached for a batch) so that the two end states differ
    /// only near the hop (default true). Without it, end states relaxed separately from an unrelaxed structure
    /// differ everywhere and the band describes a collective rearrangement.
    /// </summary>
    public bool RelaxGlassFirst { get; init; } = true;

    /// <summary>Total worker threads shared by the images (0 = all processors).</summary>
    public int Threads { get; init; }

    /// <summary>Element of the hopping atoms: both hop ends must be of it (default "Li").</summary>
    public string Species { get; init; } = "Li";

    /// <summary>
    /// Radius [Å] of the mobile region: only atoms within this distance of the straight segment from the moving
    /// Li to the target site move in the end-state relaxations and the NEB; the rest of the glass is frozen (as
    /// LAMMPS <c>fix setforce 0 0 0</c>). 0 (default) lets every atom move. A frozen surrounding keeps the band
    /// from finding unrelated rearrangements far from the hop (which in a glass can put interior images below
    /// both ends) and makes each hop cheaper; the barrier then is that of the hop in a fixed matrix.
    /// </summary>
    public double MobileRadius { get; init; }
}

/// <summary>The outcome of one hop.</summary>
/// <param name="InitialId">atom id of the moving Li.</param>
/// <param name="TargetId">atom id of the Li whose site is the target (removed).</param>
/// <param name="Distance">initial–target distance (minimum image) [Å].</param>
/// <param name="InitialRelaxation">relaxation of the initial state.</param>
/// <param name="FinalRelaxation">relaxation of the final state.</param>
/// <param name="Neb">the NEB result (energies [kcal/mol], path coordinates [Å], saddle estimate, images).</param>
/// <param name="Topology">topology of the hop system (target Li removed).</param>
/// <param name="Box">the box.</param>
/// <param name="WallSeconds">wall time including relaxations [s].</param>
/// <param name="Mobile">which atoms of the hop system could move (null: all; see <see cref="HopOptions.MobileRadius"/>).</param>
/// <param name="InitialPath">the interpolated band the NEB started from (flattened coordinates [Å] per image; null if not kept).</param>
public sealed record HopResult(int InitialId, int TargetId, double Distance, MinimizationResult InitialRelaxation,
    MinimizationResult FinalRelaxation, NebResult Neb, Topology Topology, Box Box, double WallSeconds, IReadOnlyList<bool>? Mobile = null,
    IReadOnlyList<double[]>? InitialPath = null)
{
    /// <summary>Forward barrier [kcal/mol]: highest image − initial state.</summary>
    public double ForwardBarrier => Neb.ForwardBarrier;

    /// <summary>Backward barrier [kcal/mol]: highest image − final state.</summary>
    public double BackwardBarrier => Neb.BackwardBarrier;

    /// <summary>Whether both relaxations and the NEB converged.</summary>
    public bool Converged => InitialRelaxation.Converged && FinalRelaxation.Converged && Neb.Converged;

    /// <summary>The images as frames (ids and type names of the hop system; step = image index).</summary>
    /// <param name="initialPath">the interpolated starting band instead of the relaxed one (needs <see cref="InitialPath"/>).</param>
    public IReadOnlyList<Frame> Frames(bool initialPath = false)
    {
        var frames = new List<Frame>();
        var source = initialPath ? InitialPath ?? throw new InvalidOperationException("the starting band was not kept") : Neb.Images;
        for (int i = 0; i < source.Count; i++)
        {
            var pos = NebPath.Unflatten(source[i]);
            var images = new Int3[pos.Length];
            for (int a = 0; a < pos.Length; a++) { pos[a] = Box.Wrap(pos[a], ref images[a]); }
            frames.Add(new Frame(Box, pos, Topology.Ids.ToArray(), Topology.Types.ToArray(), Topology.TypeNames)
            {
                Step = i,
                Images = images,
                Topology = Topology,
            });
        }

        return frames;
    }
}

/// <summary>
/// Runs one Li hop in a glass: removes the target Li (vacancy), relaxes the initial state, moves the Li onto the
/// target site and relaxes the final state, aligns the final state to the initial one by the minimum image,
/// interpolates (linear or IDPP) and runs the climbing-image NEB with one potential instance per image.
/// </summary>
public sealed class LiHopRunner
{
    private readonly SystemState _state;
    private readonly PotentialFactory _factory;
    private readonly object _gate = new();
    private SystemState? _relaxed;

    /// <summary>Creates a runner for the glass in <paramref name="state"/> (not modified).</summary>
    /// <param name="state">the glass.</param>
    /// <param name="factory">creates a potential per image.</param>
    /// <param name="options">settings.</param>
    public LiHopRunner(SystemState state, PotentialFactory factory, HopOptions options)
    {
        _state = state;
        _factory = factory;
        Options = options;
        if (options.Images < 3) { throw new ArgumentException("a hop needs at least 3 images."); }
    }

    /// <summary>The settings.</summary>
    public HopOptions Options { get; }

    /// <summary>Outcome of the one-off relaxation of the whole glass (null until the first hop, or when disabled).</summary>
    public MinimizationResult? GlassRelaxation { get; private set; }

    private SystemState Base()
    {
        if (!Options.RelaxGlassFirst) { return _state; }
        lock (_gate)
        {
            if (_relaxed is null)
            {
                var s = _state.Clone();
                int threads = Options.Threads > 0 ? Options.Threads : Environment.ProcessorCount;
                GlassRelaxation = StateMinimizer.Minimize(s, _factory(s.Topology, s.Box, threads), Options.Relaxation);
                _relaxed = s;
            }

            return _relaxed;
        }
    }

    /// <summary>Runs the hop of Li <paramref name="initialId"/> into the site of Li <paramref name="targetId"/>.</summary>
    /// <summary>
    /// Checks the hop ends before anything runs: two different atom ids of the structure, both of the mobile species
    /// (<see cref="HopOptions.Species"/>, Li by default; the element comes from the type name or the mass).
    /// </summary>
    /// <exception cref="InputException">naming the offending id and what it is.</exception>
    public void CheckEnds(int initialId, int targetId)
    {
        var topo = _state.Topology;
        string species = Options.Species;
        if (initialId == targetId) { throw new InputException($"--from and --to are both {initialId}; pick two different {species} atoms"); }
        foreach (var (option, id) in new[] { ("--from", initialId), ("--to", targetId) })
        {
            if (!topo.TryIndexOfId(id, out int i)) { throw new InputException($"{option}: atom id {id} is not in the structure"); }
            string name = topo.TypeNames[topo.Types[i]];
            string? element = AtomTypes.ElementOf(name) ?? AtomTypes.ElementOfMass(topo.Masses[i]);
            if (!string.Equals(element, species, StringComparison.OrdinalIgnoreCase))
            {
                throw new InputException($"{option}: atom {id} is {element ?? "of unknown element"} (type {name}), not {species}; a hop moves a {species} atom into the site of another {species} (--species names another mobile element)");
            }
        }
    }

    /// <param name="initialId">atom id of the moving Li.</param>
    /// <param name="targetId">atom id of the Li whose site is the target.</param>
    /// <param name="observer">called after each NEB step (may be null).</param>
    /// <returns>the result.</returns>
    /// <exception cref="InputException">when an id is unknown or both ids are equal.</exception>
    public HopResult Run(int initialId, int targetId, Action<MinimizationProgress>? observer = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var topo = _state.Topology;
        CheckEnds(initialId, targetId);
        topo.TryIndexOfId(initialId, out int ii);
        topo.TryIndexOfId(targetId, out int jj);
        var glass = Base();
        var box = glass.Box;
        var pi = glass.UnwrappedPosition(ii);
        var pj = glass.UnwrappedPosition(jj);
        double distance = box.MinimumImage(pj - pi).Norm;

        var (hopTopo, map) = topo.WithoutAtoms([jj]);
        int n = hopTopo.AtomCount;
        var start = new Vec3[n];
        for (int a = 0; a < topo.AtomCount; a++)
        {
            if (map[a] >= 0) { start[map[a]] = glass.UnwrappedPosition(a); }
        }

        int mover = map[ii];
        bool[]? mobile = null;
        if (Options.MobileRadius > 0)
        {
            mobile = new bool[n];
            var seg = box.MinimumImage(pj - pi);
            double len2 = Vec3.Dot(seg, seg);
            for (int a = 0; a < n; a++)
            {
                var d = box.MinimumImage(start[a] - pi);
                double t = len2 > 0 ? Math.Clamp(Vec3.Dot(d, seg) / len2, 0, 1) : 0;
                mobile[a] = (d - t * seg).Norm <= Options.MobileRadius;
            }

            mobile[mover] = true;
        }

        int threads = Options.Threads > 0 ? Options.Threads : Environment.ProcessorCount;
        var initial = new SystemState(hopTopo, box, (Vec3[])start.Clone());
        var final = new SystemState(hopTopo, box, (Vec3[])start.Clone());
        final.Positions[mover] = pi + box.MinimumImage(pj - pi);
        final.Touch();

        // Relax both ends (in parallel when there are threads to spare).
        MinimizationResult ri = null!, rf = null!;
        int endThreads = Math.Max(1, threads / 2);
        Parallel.Invoke(
            () => ri = StateMinimizer.Minimize(initial, _factory(hopTopo, box, endThreads), Options.Relaxation, null, mobile),
            () => rf = StateMinimizer.Minimize(final, _factory(hopTopo, box, endThreads), Options.Relaxation, null, mobile));

        var a0 = initial.Positions.Select((p, k) => initial.UnwrappedPosition(k)).ToArray();
        var a1raw = final.Positions.Select((p, k) => final.UnwrappedPosition(k)).ToArray();
        var a1 = NebPath.AlignToReference(box, a0, a1raw);
        int m = Options.Images;
        var path = Options.Idpp ? NebPath.Idpp(a0, a1, m, box, mobile: mobile) : NebPath.Linear(NebPath.Flatten(a0), NebPath.Flatten(a1), m);

        int perImage = Math.Max(1, threads / Math.Max(1, m - 2));
        var images = new IOptimizable[m];
        for (int k = 0; k < m; k++)
        {
            var s = new SystemState(hopTopo, box, new Vec3[n]);
            images[k] = new PotentialOptimizable(s, _factory(hopTopo, box, perImage), mobile);
        }

        var neb = NebRunner.Run(images, path, Options.Neb with { Observer = observer ?? Options.Neb.Observer });
        return new HopResult(initialId, targetId, distance, ri, rf, neb, hopTopo, box, clock.Elapsed.TotalSeconds, mobile, path); // the band clones the path, so it still holds the start
    }
}
