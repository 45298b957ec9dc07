using System.Diagnostics;
using Vitrion.Core;
using Vitrion.ForceField.Bonded;
using Vitrion.ForceField.Kspace;
using Vitrion.ForceField.ManyBody;
using Vitrion.ForceField.Neighbors;
using Vitrion.ForceField.Pair;
using Vitrion.ForceField.Spec;

namespace Vitrion.ForceField;

/// <summary>
/// The Ariga 2022 force field (or any spec of the same form) as an <see cref="IPotential"/>: lj/class2/coul/long pair
/// term with special-bond handling as LAMMPS, Ewald or PPPM reciprocal space (the k-space term picks g_ewald, the
/// real-space term uses it), the Li-centred Stillinger–Weber three-body term and class2 bonds, angles and dihedrals.
/// It owns the Verlet neighbour structure (rebuilt when an atom moved more than skin/2 or the box changed, as LAMMPS
/// "neigh_modify check yes") and keeps per-term wall-clock timings. Energies carry LAMMPS names (evdwl = elj + e3body).
/// </summary>
public sealed class ArigaForceField : IPotential
{
    private readonly GhostNeighborList _nl;
    private readonly PairTerm<LjClass2CoulLong> _pair;
    private readonly StillingerWeberThreeBody? _sw;
    private readonly IKspaceTerm? _kspace;
    private readonly (ForceFieldTerms Flag, IForceTerm Term)[] _terms;
    private readonly bool[] _swCentre, _swNeighbor;
    private readonly Dictionary<string, double> _seconds = new();
    private readonly double _cutoff;
    private readonly int _chunks;
    private readonly int _threads;
    private double[]? _qExt;
    private Box? _kspaceBox;
    private readonly Threading.WorkerTeam? _team;
    private readonly bool _kspaceInRegion;
    private readonly double _kspaceCost;
    private readonly List<(int Term, ISplittableForceTerm? Split)> _regionTerms = new();
    private double[] _regionCosts = [];
    private bool[] _regionWhole = [];
    private readonly double[][] _workerSeconds;
    private Threading.WorkSegment[][] _segments = [];
    private int _segmentsBuild = -1;
    private ForceFieldTerms _segmentsTerms;
    private SystemState? _regionState;
    private ForceBuffer? _regionOutput;
    private readonly Action<int> _regionBody;
    private readonly Action<int> _foldBody;

    /// <summary>Creates the force field for a topology in a box.</summary>
    /// <param name="spec">the force-field description.</param>
    /// <param name="topology">the topology (atom types named as in the spec).</param>
    /// <param name="box">the initial box.</param>
    /// <param name="options">options (k-space method, accuracy, cutoff, skin, threads, SIMD).</param>
    /// <exception cref="InputException">for types the spec does not define or impossible settings.</exception>
    public ArigaForceField(ForceFieldSpec spec, Topology topology, Box box, ForceFieldOptions? options = null)
    {
        Options = options ?? new ForceFieldOptions();
        Parameters = ForceFieldParameters.Resolve(spec, topology, Options.KeepFileCharges);
        _cutoff = Options.Cutoff ?? Math.Max(spec.LjCutoff, spec.CoulombCutoff);
        if (!(_cutoff > 0)) { throw new InputException("the pair cutoff must be positive"); }
        if (!(Options.Skin >= 0)) { throw new InputException("the neighbour skin must be non-negative"); }
        int threads = Options.EffectiveThreads;
        _chunks = threads == 1 ? 1 : threads * 16;
        _threads = threads;
        _nl = new GhostNeighborList(_cutoff, Options.Skin);
        var topo = Parameters.Topology;

        // With several threads the terms run side by side in one parallel region (Threading.ForceSchedule): a k-space solver
        // whose estimated cost is at most one worker's share runs whole on one worker (single-threaded, no barriers between its
        // stages) while the others share the pair, three-body and bonded work; a larger one keeps its own threads.
        _kspaceCost = Options.Kspace == KspaceStyle.Pppm ? EstimatePppmCost(topology, box) : double.PositiveInfinity;
        _kspaceInRegion = threads > 1 && Options.ConcurrentTerms && _kspaceCost <= EstimateRealSpaceCost(topology, box) / (threads - 1);
        _kspace = Options.Kspace switch
        {
            KspaceStyle.Ewald => new Ewald(topo, box, new EwaldOptions
            {
                Accuracy = Options.Accuracy, RealSpaceCutoff = _cutoff, GEwald = Options.GEwald, Threads = threads, CoulombConstant = spec.CoulombConstant,
            }),
            KspaceStyle.Pppm => new Pppm(topo, box, new PppmOptions
            {
                Accuracy = Options.Accuracy, RealSpaceCutoff = _cutoff, Order = Options.PppmOrder, GEwald = Options.GEwald, Threads = _kspaceInRegion ? 1 : threads,
                MaxVectorBits = Options.MaxVectorBits,
            }),
            _ => null,
        };
        _kspaceBox = box;
        InitialBox = box;
        double g = _kspace?.GEwald ?? 0.0;

        int nt = Parameters.TypeCount;
        _swCentre = new bool[nt];
        _swNeighbor = new bool[nt];
        if (spec.ThreeBody is not null && Parameters.SwCentre.Any(c => c))
        {
            for (int t = 0; t < nt; t++) { _swCentre[t] = Parameters.SwCentre[t]; _swNeighbor[t] = !double.IsNaN(Parameters.SwGamma[t]); }
            _sw = new StillingerWeberThreeBody(Parameters, threads, Options.Simd, Options.MaxVectorBits);
        }

        var pairFn = MakePair(g, null);
        _pair = new PairTerm<LjClass2CoulLong>(pairFn, spec.SpecialLj, spec.SpecialCoul, threads, Options.Simd, Options.MaxVectorBits);
        // Every term with the flag that switches it, in evaluation order (pair first: it owns the ghost fold).
        var terms = new List<(ForceFieldTerms, IForceTerm)> { (ForceFieldTerms.Pair, _pair) };
        if (_sw is not null) { terms.Add((ForceFieldTerms.ThreeBody, _sw)); }
        if (_kspace is not null) { terms.Add((ForceFieldTerms.Kspace, _kspace)); }
        var bondedFlags = ForceFieldTerms.Bonds | ForceFieldTerms.Angles | ForceFieldTerms.Dihedrals;
        var bonded = new Class2BondedTerms(Parameters, Options.Terms & bondedFlags, threads);
        if (!bonded.IsEmpty) { terms.Add((bondedFlags, bonded)); }
        _terms = terms.ToArray();
        _workerSeconds = new double[threads][];
        for (int w = 0; w < threads; w++) { _workerSeconds[w] = new double[_terms.Length]; }
        if (threads > 1 && Options.ConcurrentTerms) { _team = new Threading.WorkerTeam(threads); }
        _regionBody = RegionWorker;
        _foldBody = w =>
        {
            foreach (var (_, split) in _regionTerms) { split?.Fold(w, _team!.Count); }
        };
    }

    /// <summary>Nanoseconds per (charged atom × stencil point) and per grid point of the serial PPPM solver on one core of the development machine.</summary>
    public const double PppmNanosecondsPerStencilPoint = 1.1, PppmNanosecondsPerGridPoint = 5;

    private double EstimatePppmCost(Topology topology, Box box)
    {
        if (box.IsTriclinic) { return double.PositiveInfinity; }
        int charged = 0;
        foreach (double q in topology.Charges) { if (q != 0) { charged++; } }
        try
        {
            var grid = PppmTuning.Choose(topology.AtomCount, topology.Charges.Sum(q => q * q), box, Options.Accuracy, _cutoff, Options.PppmOrder, Options.GEwald);
            int o = Options.PppmOrder;
            return charged * (double)(o * o * o) * PppmNanosecondsPerStencilPoint + (double)grid.Nx * grid.Ny * grid.Nz * PppmNanosecondsPerGridPoint;
        }
        catch (ArgumentException)
        {
            return double.PositiveInfinity;
        }
    }

    // The listed pairs expected at this density (half list, cutoff + skin) at the pair term's cost per pair.
    private double EstimateRealSpaceCost(Topology topology, Box box)
    {
        double rl = _cutoff + Options.Skin;
        double pairs = 0.5 * topology.AtomCount * (topology.AtomCount / box.Volume) * 4.0 / 3.0 * Math.PI * rl * rl * rl;
        return pairs * PairTerm<LjClass2CoulLong>.NanosecondsPerListedPair;
    }

    /// <summary>Loads the spec from <paramref name="forceFieldFile"/> and creates the force field.</summary>
    public static ArigaForceField FromFile(string forceFieldFile, Topology topology, Box box, ForceFieldOptions? options = null) =>
        new(ForceFieldSpec.Load(forceFieldFile), topology, box, options);

    /// <summary>The options.</summary>
    public ForceFieldOptions Options { get; }

    /// <summary>The parameters resolved for the topology (charges actually used are in its <see cref="ForceFieldParameters.Topology"/>).</summary>
    public ForceFieldParameters Parameters { get; }

    /// <summary>The topology with the charges in use (set by type from the charge rules unless file charges were kept).</summary>
    public Topology Topology => Parameters.Topology;

    /// <summary>The Ewald splitting parameter in use [1/Å] (0 without k-space).</summary>
    public double GEwald => _kspace?.GEwald ?? 0.0;

    /// <summary>The k-space term, or null.</summary>
    public IKspaceTerm? Kspace => _kspace;

    /// <summary>Pair cutoff [Å].</summary>
    public double Cutoff => _cutoff;

    /// <summary>The box given to the constructor (it fixes the k-space grid and g_ewald; an exact restart rebuilds in it).</summary>
    public Box InitialBox { get; }

    /// <summary>Box of the last neighbour-list build (null before the first evaluation; for exact restarts).</summary>
    public Box? NeighborBuildBox => _nl.BuildBox;

    /// <summary>Positions of the last neighbour-list build [Å] (empty before the first evaluation; for exact restarts).</summary>
    public ReadOnlySpan<Vec3> NeighborReferencePositions => _nl.ReferencePositions;

    /// <summary>Number of neighbour-list builds so far.</summary>
    public int NeighborListBuilds => _nl.BuildCount;

    /// <summary>Pairs in the half list (within cutoff + skin, special pairs excluded).</summary>
    public int NeighborPairs => _nl.PairCount;

    /// <summary>Special (1-2, 1-3, 1-4) pairs in the list.</summary>
    public int NeighborSpecialPairs => _nl.SpecialCount;

    /// <summary>True when the SIMD pair kernel runs.</summary>
    public bool UsesSimd => _pair.UsesSimd;

    /// <summary>True when the 512-bit pair kernel runs.</summary>
    public bool UsesAvx512 => _pair.UsesAvx512;

    /// <summary>True when the three-body term runs its 512-bit path (false without a three-body term).</summary>
    public bool ThreeBodyUsesAvx512 => _sw?.UsesAvx512 ?? false;

    /// <summary>
    /// Accumulated seconds per part: "neigh", "pair", "fold" (ghost and thread-buffer folds), "sw", "kspace", "bonded". With one
    /// thread, or without concurrent terms, each is wall-clock time. With several threads the terms run side by side in one
    /// parallel region: then "region" is the region's wall-clock time and "pair", "sw", "kspace", "bonded" are each term's
    /// time summed over the workers (thread-seconds), which <see cref="WallSeconds"/> does not add up to.
    /// </summary>
    public IReadOnlyDictionary<string, double> TimingsSeconds => _seconds;

    /// <summary>Wall-clock seconds spent in <see cref="Compute"/> since the last <see cref="ResetTimings"/>.</summary>
    public double WallSeconds { get; private set; }

    /// <summary>True when the terms run side by side in one parallel region per evaluation (several threads, <see cref="ForceFieldOptions.ConcurrentTerms"/>).</summary>
    public bool ConcurrentTerms => _team is not null;

    /// <summary>True when the k-space solver runs whole on one worker of that region (single-threaded) rather than with its own threads.</summary>
    public bool KspaceInRegion => _team is not null && _kspaceInRegion && _kspace is not null;

    /// <summary>Number of evaluations since the last <see cref="ResetTimings"/>.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Clears the timings.</summary>
    public void ResetTimings()
    {
        _seconds.Clear();
        Evaluations = 0;
        WallSeconds = 0;
    }

    /// <inheritdoc />
    public void Compute(SystemState state, ForceBuffer output, bool perAtom = false)
    {
        if (state.Topology.AtomCount != Parameters.Topology.AtomCount)
        {
            throw new ArgumentException($"state has {state.Topology.AtomCount} atoms, the force field was built for {Parameters.Topology.AtomCount}");
        }

        output.Clear(perAtom);
        long t0 = Stopwatch.GetTimestamp();
        long start = t0;
        try
        {
            ComputeCore(state, output, t0);
        }
        finally
        {
            WallSeconds += (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        }
    }

    private void ComputeCore(SystemState state, ForceBuffer output, long t0)
    {
        if (_kspace is not null && !state.Box.Equals(_kspaceBox))
        {
            _kspace.Setup(state.Box);
            _kspaceBox = state.Box;
        }

        if (_nl.NeedsRebuild(state.Box, state.Positions))
        {
            _nl.Build(Parameters.Topology, state.Box, state.Positions, _kspace is not null, Parameters.Spec.SpecialLj, Parameters.Spec.SpecialCoul,
                _swCentre, _swNeighbor, _sw?.Cutoff ?? 0.0, _chunks, _threads);
            if (!Parameters.ChargesByType)
            {
                if (_qExt is null || _qExt.Length < _nl.Count) { _qExt = new double[_nl.Count]; }
                var q = Parameters.Topology.Charges;
                for (int e = 0; e < _nl.Count; e++) { _qExt[e] = q[_nl.Owner[e]]; }
                _pair.Function = MakePair(GEwald, _qExt);
            }
        }
        else
        {
            _nl.UpdatePositions(state.Box, state.Positions);
        }

        t0 = Lap("neigh", t0);
        var enabled = Options.Terms;
        if (_team is not null)
        {
            ComputeInRegion(state, output, t0);
            Evaluations++;
            return;
        }

        foreach (var (flag, term) in _terms)
        {
            if ((enabled & flag) == 0) { continue; }
            double fold0 = _pair.FoldSeconds;
            term.Compute(state, _nl, output);
            t0 = Lap(flag == ForceFieldTerms.Kspace ? "kspace" : term.Name, t0);
            if (flag == ForceFieldTerms.Pair)
            {
                // Report the ghost fold on its own (it is inside the pair term's time).
                double fold = _pair.FoldSeconds - fold0;
                _seconds["pair"] -= fold;
                _seconds["fold"] = _seconds.GetValueOrDefault("fold") + fold;
            }
        }

        Evaluations++;
    }

    /// <summary>
    /// The schedule's cost estimate per enabled term for the current neighbour structure [ns of one core of the development
    /// machine; k-space: the serial solver], as used to split the work over threads; empty before the first evaluation.
    /// </summary>
    public IReadOnlyDictionary<string, double> EstimatedCostsNanoseconds()
    {
        var d = new Dictionary<string, double>();
        if (_nl.BuildBox is null) { return d; }
        foreach (var (flag, term) in _terms)
        {
            if ((Options.Terms & flag) == 0) { continue; }
            if (term is ISplittableForceTerm split) { d[term.Name] = split.EstimateCost(_nl); }
            else if (flag == ForceFieldTerms.Kspace) { d["kspace"] = _kspaceCost; }
        }

        return d;
    }

    // One parallel region for every enabled term: k-space (whole, when cheap enough) and the others split by estimated cost
    // (ForceSchedule), then the slots folded in a fixed order. Timings: each term's seconds summed over the workers
    // (thread-seconds), "fold" the serial folds, "region" the region's wall time.
    private void ComputeInRegion(SystemState state, ForceBuffer output, long t0)
    {
        var team = _team!;
        var enabled = Options.Terms;
        _regionTerms.Clear();
        for (int k = 0; k < _terms.Length; k++)
        {
            var (flag, term) = _terms[k];
            if ((enabled & flag) == 0) { continue; }
            if (flag == ForceFieldTerms.Kspace && !_kspaceInRegion)
            {
                term.Compute(state, _nl, output); // a large grid: the solver's own threads, before the region
                t0 = Lap("kspace", t0);
                continue;
            }

            _regionTerms.Add((k, term as ISplittableForceTerm));
        }

        // The costs, and so the split, change only with the lists (counts) or the enabled terms: recomputed then, not every step.
        if (_nl.BuildCount != _segmentsBuild || enabled != _segmentsTerms)
        {
            int n = _regionTerms.Count;
            if (_regionCosts.Length != n) { _regionCosts = new double[n]; _regionWhole = new bool[n]; }
            for (int m = 0; m < n; m++)
            {
                var (k, split) = _regionTerms[m];
                _regionWhole[m] = split is null;
                _regionCosts[m] = split?.EstimateCost(_nl) ?? (_terms[k].Flag == ForceFieldTerms.Kspace ? _kspaceCost : 0.0);
            }

            _segments = Threading.ForceSchedule.Split(_regionCosts, _regionWhole, team.Count);
            _segmentsBuild = _nl.BuildCount;
            _segmentsTerms = enabled;
        }

        foreach (var (_, split) in _regionTerms) { split?.Begin(state, _nl, output, team.Count); }
        _regionState = state;
        _regionOutput = output;
        try
        {
            team.Run(_regionBody);
        }
        finally
        {
            _regionState = null;
            _regionOutput = null;
        }

        t0 = Lap("region", t0);
        foreach (var (k, _) in _regionTerms)
        {
            var term = _terms[k].Term;
            string name = _terms[k].Flag == ForceFieldTerms.Kspace ? "kspace" : term.Name;
            double sum = 0;
            for (int w = 0; w < team.Count; w++) { sum += _workerSeconds[w][k]; _workerSeconds[w][k] = 0; }
            _seconds[name] = _seconds.GetValueOrDefault(name) + sum;
        }

        // The folds in a second region (each worker its range of atoms, every term), then energies and virial serially.
        team.Run(_foldBody);
        foreach (var (_, split) in _regionTerms) { split?.End(); }
        Lap("fold", t0);
    }

    private void RegionWorker(int w)
    {
        var seconds = _workerSeconds[w];
        foreach (var seg in _segments[w])
        {
            var (k, split) = _regionTerms[seg.Term];
            long a = Stopwatch.GetTimestamp();
            if (split is null) { _terms[k].Term.Compute(_regionState!, _nl, _regionOutput!); }
            else { split.Run(w, seg.From, seg.To); }
            seconds[k] += (Stopwatch.GetTimestamp() - a) / (double)Stopwatch.Frequency;
        }
    }

    private LjClass2CoulLong MakePair(double g, double[]? qExt) => new(Parameters.LjEpsilon, Parameters.LjSigma,
        Parameters.ChargesByType ? Parameters.TypeCharges : new double[Parameters.TypeCount], qExt,
        Options.Cutoff ?? Parameters.Spec.LjCutoff, Options.Cutoff ?? Parameters.Spec.CoulombCutoff, g, Parameters.Spec.CoulombConstant, Options.LammpsErfc);

    private long Lap(string name, long t0)
    {
        long t1 = Stopwatch.GetTimestamp();
        _seconds[name] = _seconds.GetValueOrDefault(name) + (t1 - t0) / (double)Stopwatch.Frequency;
        return t1;
    }
}
