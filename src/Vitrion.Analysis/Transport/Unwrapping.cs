using Vitrion.Core;

namespace Vitrion.Analysis.Transport;

/// <summary>How positions are made continuous in time (unwrapped across periodic boundaries).</summary>
public enum UnwrapMode
{
    /// <summary>Unwrapped columns when the frame has them, else image flags, else continuous unwrapping.</summary>
    Auto,

    /// <summary>Wrapped positions plus LAMMPS image flags: r + n_x a + n_y b + n_z c with the frame's box.</summary>
    Images,

    /// <summary>The positions are already unwrapped (e.g. dump columns xu yu zu).</summary>
    Columns,

    /// <summary>
    /// Continuous unwrapping from wrapped positions, in fractional coordinates: between consecutive frames each
    /// fractional component may change by less than ½ (an atom moves less than half the box per frame), and the
    /// integer image is accumulated. Correct when the box changes (NPT), because the jump test is done in
    /// fractional coordinates and the unwrapped position is rebuilt with the current box, as LAMMPS does.
    /// </summary>
    Continuous,
}

/// <summary>Which centre-of-mass drift is removed from displacements.</summary>
public enum ComReference
{
    /// <summary>The mass-weighted centre of mass of all atoms (default).</summary>
    System,

    /// <summary>The mass-weighted centre of mass of the selected atoms (LAMMPS <c>compute msd ... com yes</c>).</summary>
    Group,

    /// <summary>No drift removal.</summary>
    None,
}

/// <summary>Selecting atoms by species: a token matches a type whose name equals it or whose element equals it.</summary>
public static class Species
{
    /// <summary>
    /// Per-type mask: type t is selected when <paramref name="species"/> is null or empty, or one of its tokens
    /// equals the type name or the type's element (e.g. "Li" selects type "Li"; "S" selects S4, S2, S1, Sc, S0).
    /// </summary>
    public static bool[] TypeMask(IReadOnlyList<string> typeNames, IReadOnlyCollection<string>? species)
    {
        var mask = new bool[typeNames.Count];
        for (int t = 0; t < mask.Length; t++)
        {
            mask[t] = species is null || species.Count == 0 || Matches(typeNames[t], species);
        }

        return mask;
    }

    /// <summary>True when the type name matches one of the species tokens (by name or by element).</summary>
    public static bool Matches(string typeName, IReadOnlyCollection<string> species)
    {
        string? element = AtomTypes.ElementOf(typeName);
        foreach (var s in species)
        {
            if (string.Equals(s, typeName, StringComparison.Ordinal) || (element is not null && string.Equals(s, element, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Indices of the atoms of <paramref name="frame"/> that match <paramref name="species"/> (all when null or empty).</summary>
    public static int[] Indices(Frame frame, IReadOnlyCollection<string>? species)
    {
        var mask = TypeMask(frame.TypeNames, species);
        var list = new List<int>();
        for (int i = 0; i < frame.AtomCount; i++)
        {
            if (mask[frame.Types[i]]) { list.Add(i); }
        }

        return list.ToArray();
    }

    /// <summary>
    /// Per-atom masses [g/mol]: from the frame's topology when present, else from the element of each type name,
    /// else 1 for every atom (then the centre of mass is the plain mean).
    /// </summary>
    public static double[] Masses(Frame frame)
    {
        var m = new double[frame.AtomCount];
        if (frame.Topology is { } top && top.AtomCount == frame.AtomCount)
        {
            for (int i = 0; i < m.Length; i++) { m[i] = top.Masses[i]; }
            return m;
        }

        var byType = new double[frame.TypeNames.Length];
        bool all = true;
        for (int t = 0; t < byType.Length; t++)
        {
            string? el = AtomTypes.ElementOf(frame.TypeNames[t]);
            double? mass = el is null ? null : AtomTypes.MassOfElement(el);
            if (mass is null) { all = false; break; }
            byType[t] = mass.Value;
        }

        for (int i = 0; i < m.Length; i++) { m[i] = all ? byType[frame.Types[i]] : 1.0; }
        return m;
    }
}

/// <summary>
/// Unwraps the positions of successive frames of one trajectory (all atoms, in the frame's atom order). Feed frames
/// in time order; every frame must hold the same atom ids in the same order.
/// </summary>
public sealed class Unwrapper
{
    private readonly UnwrapMode _requested;
    private readonly bool _startFromImages;
    private int[]? _ids;
    private Vec3[]? _prevFrac;
    private double[]? _imgX, _imgY, _imgZ;

    /// <summary>Creates an unwrapper.</summary>
    /// <param name="mode">the unwrapping mode.</param>
    /// <param name="startFromImages">for <see cref="UnwrapMode.Continuous"/>: take the initial images from the first frame's image flags when it has them (then the result equals the image-flag unwrapping), else start at image 0.</param>
    public Unwrapper(UnwrapMode mode = UnwrapMode.Auto, bool startFromImages = true)
    {
        _requested = mode;
        _startFromImages = startFromImages;
    }

    /// <summary>The mode in use (resolved from <see cref="UnwrapMode.Auto"/> at the first frame).</summary>
    public UnwrapMode Mode { get; private set; }

    /// <summary>Number of frames seen.</summary>
    public int FrameCount { get; private set; }

    /// <summary>The mode <see cref="UnwrapMode.Auto"/> resolves to for a frame.</summary>
    public static UnwrapMode Resolve(Frame frame, UnwrapMode mode) => mode != UnwrapMode.Auto ? mode
        : frame.PositionsAreUnwrapped ? UnwrapMode.Columns
        : frame.Images is not null ? UnwrapMode.Images
        : UnwrapMode.Continuous;

    /// <summary>Unwrapped positions [Å] of every atom of <paramref name="frame"/>.</summary>
    /// <exception cref="InputException">when atom ids change, or the frame lacks what the mode needs.</exception>
    public Vec3[] Unwrap(Frame frame)
    {
        if (_ids is null)
        {
            _ids = frame.Ids.ToArray();
            Mode = Resolve(frame, _requested);
        }
        else if (!frame.Ids.AsSpan().SequenceEqual(_ids))
        {
            throw new InputException($"frame at step {frame.Step}: the atom ids differ from the first frame ({frame.AtomCount} vs {_ids.Length} atoms); transport analyses need the same atoms, sorted by id, in every frame (LAMMPS: dump_modify sort id)");
        }

        FrameCount++;
        int n = frame.AtomCount;
        var result = new Vec3[n];
        switch (Mode)
        {
            case UnwrapMode.Columns:
                if (!frame.PositionsAreUnwrapped)
                {
                    throw new InputException($"frame at step {frame.Step} has no unwrapped positions (xu yu zu); use --unwrap images or continuous");
                }

                frame.Positions.CopyTo(result);
                return result;
            case UnwrapMode.Images:
                if (frame.PositionsAreUnwrapped) { frame.Positions.CopyTo(result); return result; }
                var img = frame.Images ?? throw new InputException($"frame at step {frame.Step} has no image flags (ix iy iz); use --unwrap continuous");
                for (int i = 0; i < n; i++) { result[i] = frame.Box.Unwrap(frame.Positions[i], img[i]); }
                return result;
            default:
                return Continuous(frame, result);
        }
    }

    private Vec3[] Continuous(Frame frame, Vec3[] result)
    {
        int n = frame.AtomCount;
        var box = frame.Box;
        var frac = new Vec3[n];
        for (int i = 0; i < n; i++)
        {
            Vec3 r = frame.PositionsAreUnwrapped ? box.Wrap(frame.Positions[i]) : frame.Positions[i];
            frac[i] = box.ToFractional(r);
        }

        if (_prevFrac is null)
        {
            _imgX = new double[n]; _imgY = new double[n]; _imgZ = new double[n];
            if (_startFromImages && frame.Images is { } im && !frame.PositionsAreUnwrapped)
            {
                for (int i = 0; i < n; i++) { _imgX[i] = im[i].X; _imgY[i] = im[i].Y; _imgZ[i] = im[i].Z; }
            }
        }
        else
        {
            var (px, py, pz) = box.Periodic;
            for (int i = 0; i < n; i++)
            {
                Vec3 d = frac[i] - _prevFrac[i];
                if (px) { _imgX![i] -= Math.Round(d.X); }
                if (py) { _imgY![i] -= Math.Round(d.Y); }
                if (pz) { _imgZ![i] -= Math.Round(d.Z); }
            }
        }

        for (int i = 0; i < n; i++)
        {
            result[i] = box.ToCartesian(new Vec3(frac[i].X + _imgX![i], frac[i].Y + _imgY![i], frac[i].Z + _imgZ![i]));
        }

        _prevFrac = frac;
        return result;
    }
}
