using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.Analysis.Transport;

/// <summary>
/// Unwrapped, drift-corrected positions [Å] of a selection of atoms over time. Storage is frame-major, one
/// <c>double[3 N]</c> per frame, holding each atom's displacement from its own first-frame position (so the
/// numbers stay small and FFT correlations lose no precision); peak memory is 24 N T bytes (2580 Li over
/// 10 000 frames: 619 MB).
/// </summary>
public sealed class UnwrappedTrajectory
{
    private readonly List<double[]> _frames;

    /// <summary>Creates a trajectory from per-frame displacement arrays (adopted, not copied).</summary>
    /// <param name="timesFs">time of each frame [fs], increasing.</param>
    /// <param name="originA">first-frame position of each atom [Å].</param>
    /// <param name="frames">per frame, x0 y0 z0 x1 … of the displacements from <paramref name="originA"/> [Å].</param>
    /// <param name="ids">atom ids.</param>
    /// <param name="types">0-based types.</param>
    /// <param name="typeNames">type names.</param>
    public UnwrappedTrajectory(IReadOnlyList<double> timesFs, Vec3[] originA, List<double[]> frames, int[] ids, int[] types, IReadOnlyList<string> typeNames)
    {
        if (frames.Count != timesFs.Count) { throw new ArgumentException("one time per frame"); }
        if (ids.Length != originA.Length || types.Length != originA.Length) { throw new ArgumentException("ids/types/origin lengths"); }
        foreach (var f in frames)
        {
            if (f.Length != 3 * originA.Length) { throw new ArgumentException("frame length must be 3 N"); }
        }

        TimesFs = timesFs.ToImmutableArray();
        OriginA = originA.ToImmutableArray();
        _frames = frames;
        Ids = ids.ToImmutableArray();
        Types = types.ToImmutableArray();
        TypeNames = typeNames.ToImmutableArray();
    }

    /// <summary>A trajectory from absolute unwrapped positions [frame][atom] [Å] (tests, synthetic data).</summary>
    public static UnwrappedTrajectory FromPositions(IReadOnlyList<double> timesFs, IReadOnlyList<Vec3[]> positions, int[]? ids = null, int[]? types = null, IReadOnlyList<string>? typeNames = null)
    {
        int n = positions.Count == 0 ? 0 : positions[0].Length;
        var origin = positions.Count == 0 ? [] : (Vec3[])positions[0].Clone();
        var frames = new List<double[]>(positions.Count);
        foreach (var p in positions)
        {
            var a = new double[3 * n];
            for (int i = 0; i < n; i++)
            {
                Vec3 d = p[i] - origin[i];
                a[3 * i] = d.X; a[3 * i + 1] = d.Y; a[3 * i + 2] = d.Z;
            }

            frames.Add(a);
        }

        return new UnwrappedTrajectory(timesFs, origin, frames, ids ?? Enumerable.Range(1, n).ToArray(), types ?? new int[n], typeNames ?? ["X"]);
    }

    /// <summary>Number of atoms.</summary>
    public int AtomCount => OriginA.Length;

    /// <summary>Number of frames.</summary>
    public int FrameCount => _frames.Count;

    /// <summary>Time of each frame [fs].</summary>
    public ImmutableArray<double> TimesFs { get; }

    /// <summary>First-frame position of each atom [Å] (after drift correction).</summary>
    public ImmutableArray<Vec3> OriginA { get; }

    /// <summary>Atom ids.</summary>
    public ImmutableArray<int> Ids { get; }

    /// <summary>0-based types.</summary>
    public ImmutableArray<int> Types { get; }

    /// <summary>Type names.</summary>
    public ImmutableArray<string> TypeNames { get; }

    /// <summary>Displacement [Å] of atom <paramref name="atom"/> at frame <paramref name="frame"/> from its first-frame position.</summary>
    public Vec3 Displacement(int frame, int atom)
    {
        var f = _frames[frame];
        return new Vec3(f[3 * atom], f[3 * atom + 1], f[3 * atom + 2]);
    }

    /// <summary>Unwrapped, drift-corrected position [Å].</summary>
    public Vec3 Position(int frame, int atom) => OriginA[atom] + Displacement(frame, atom);

    /// <summary>The raw displacement array of a frame (x0 y0 z0 x1 …) [Å]; do not modify.</summary>
    public ReadOnlySpan<double> FrameData(int frame) => _frames[frame];

    /// <summary>Approximate bytes held by the positions.</summary>
    public long Bytes => 24L * AtomCount * FrameCount;

    /// <summary>
    /// The uniform frame spacing [fs]; throws when the spacing varies by more than 1e-6 relative (windowed
    /// averages need equally spaced frames).
    /// </summary>
    public double UniformSpacingFs()
    {
        if (FrameCount < 2) { return 0; }
        double dt = TimesFs[1] - TimesFs[0];
        for (int k = 2; k < FrameCount; k++)
        {
            if (Math.Abs(TimesFs[k] - TimesFs[k - 1] - dt) > 1e-6 * Math.Abs(dt) + 1e-9)
            {
                throw new InputException(FormattableString.Invariant(
                    $"frames are not equally spaced in time (Δt = {dt} fs at the start, {TimesFs[k] - TimesFs[k - 1]} fs before frame {k}); windowed MSD needs a constant dump interval: use --mode origin or dump at a fixed interval"));
            }
        }

        if (!(dt > 0)) { throw new InputException("frame times do not increase; check the dump steps and --dt-fs"); }
        return dt;
    }
}

/// <summary>Options of <see cref="TrajectoryCollector"/>.</summary>
public sealed record CollectorOptions
{
    /// <summary>Species of the stored atoms (type names or elements); null or empty = all. Default Li.</summary>
    public IReadOnlyList<string>? Species { get; init; } = ["Li"];

    /// <summary>Drift removal (default <see cref="ComReference.System"/>).</summary>
    public ComReference Com { get; init; } = ComReference.System;

    /// <summary>Unwrapping (default <see cref="UnwrapMode.Auto"/>).</summary>
    public UnwrapMode Unwrap { get; init; } = UnwrapMode.Auto;

    /// <summary>MD timestep [fs], used for the time of frames that carry only a step (time = step × timestep). Default 1 fs.</summary>
    public double TimestepFs { get; init; } = 1.0;

    /// <summary>Store the positions (needed for windowed MSD, non-Gaussian parameter, van Hove, traces); false streams.</summary>
    public bool Store { get; init; } = true;
}

/// <summary>
/// Feeds frames in time order, unwraps them, removes the centre-of-mass drift and keeps the selected atoms'
/// positions (or only the running displacement statistics when <see cref="CollectorOptions.Store"/> is false).
/// Displacements are taken relative to the first frame: Δr_i(t) = [r_i(t) − R(t)] − [r_i(0) − R(0)], with R the
/// chosen centre of mass (zero for <see cref="ComReference.None"/>). This is what LAMMPS <c>compute msd com yes</c>
/// uses with R the group's centre of mass.
/// </summary>
public sealed class TrajectoryCollector
{
    private readonly CollectorOptions _o;
    private readonly Unwrapper _unwrapper;
    private readonly List<double[]> _frames = [];
    private readonly List<double> _times = [];
    private int[] _sel = [];
    private double[] _mass = [];
    private Vec3 _com0;
    private Vec3[] _origin = [];
    private double _volumeSum;

    /// <summary>Creates a collector.</summary>
    public TrajectoryCollector(CollectorOptions options)
    {
        _o = options;
        if (!(options.TimestepFs > 0)) { throw new InputException("the timestep must be positive (--dt-fs)"); }
        _unwrapper = new Unwrapper(options.Unwrap);
    }

    /// <summary>Frames seen.</summary>
    public int FrameCount => _times.Count;

    /// <summary>The first frame (null before any).</summary>
    public Frame? FirstFrame { get; private set; }

    /// <summary>Unwrap mode in use.</summary>
    public UnwrapMode Unwrap => _unwrapper.Mode;

    /// <summary>Mean box volume [Å³] over the frames seen.</summary>
    public double MeanVolumeA3 => FrameCount == 0 ? double.NaN : _volumeSum / FrameCount;

    /// <summary>Indices (in the frame) of the selected atoms.</summary>
    public IReadOnlyList<int> Selection => _sel;

    /// <summary>Time of a frame [fs]: its own time when known, else step × timestep.</summary>
    public static double TimeOf(Frame f, double timestepFs) => double.IsFinite(f.TimeFs) ? f.TimeFs : f.Step * timestepFs;

    /// <summary>
    /// Adds a frame; returns the displacements [Å] of the selected atoms from their first-frame positions
    /// (drift-corrected), in selection order.
    /// </summary>
    public Vec3[] Add(Frame frame)
    {
        var pos = _unwrapper.Unwrap(frame);
        if (FirstFrame is null)
        {
            FirstFrame = frame;
            _sel = Species.Indices(frame, _o.Species);
            if (_sel.Length == 0)
            {
                string have = string.Join(", ", frame.TypeNames);
                throw new InputException($"no atom matches species {string.Join(",", _o.Species ?? [])}; the types are {have} (use --species with a type name or element)");
            }

            _mass = Species.Masses(frame);
        }

        Vec3 com = _o.Com switch
        {
            ComReference.System => CentreOfMass(pos, null),
            ComReference.Group => CentreOfMass(pos, _sel),
            _ => Vec3.Zero,
        };
        if (_times.Count == 0)
        {
            _com0 = com;
            _origin = new Vec3[_sel.Length];
            for (int k = 0; k < _sel.Length; k++) { _origin[k] = pos[_sel[k]]; }
        }

        Vec3 drift = com - _com0;
        var disp = new Vec3[_sel.Length];
        for (int k = 0; k < _sel.Length; k++)
        {
            disp[k] = pos[_sel[k]] - drift - _origin[k];
        }

        double t = TimeOf(frame, _o.TimestepFs);
        if (_times.Count > 0 && !(t > _times[^1]))
        {
            throw new InputException(FormattableString.Invariant($"frame at step {frame.Step} (t = {t} fs) does not come after the previous one (t = {_times[^1]} fs); frames must be in time order"));
        }

        _times.Add(t);
        _volumeSum += frame.Box.Volume;
        if (_o.Store)
        {
            var a = new double[3 * disp.Length];
            for (int k = 0; k < disp.Length; k++) { a[3 * k] = disp[k].X; a[3 * k + 1] = disp[k].Y; a[3 * k + 2] = disp[k].Z; }
            _frames.Add(a);
        }

        return disp;
    }

    /// <summary>The stored trajectory (times relative to the first frame).</summary>
    public UnwrappedTrajectory Build()
    {
        if (FirstFrame is null) { throw new InputException("the trajectory holds no frame"); }
        if (!_o.Store) { throw new InvalidOperationException("positions were not stored (CollectorOptions.Store = false)"); }
        double t0 = _times[0];
        var f = FirstFrame;
        return new UnwrappedTrajectory(_times.Select(t => t - t0).ToArray(), _origin, _frames,
            _sel.Select(i => f.Ids[i]).ToArray(), _sel.Select(i => f.Types[i]).ToArray(), f.TypeNames);
    }

    private Vec3 CentreOfMass(Vec3[] pos, int[]? subset)
    {
        double m = 0, x = 0, y = 0, z = 0;
        int n = subset?.Length ?? pos.Length;
        for (int k = 0; k < n; k++)
        {
            int i = subset is null ? k : subset[k];
            double w = _mass[i];
            m += w; x += w * pos[i].X; y += w * pos[i].Y; z += w * pos[i].Z;
        }

        return new Vec3(x / m, y / m, z / m);
    }
}
