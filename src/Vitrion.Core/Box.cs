using System.Runtime.CompilerServices;

namespace Vitrion.Core;

/// <summary>
/// An immutable periodic simulation cell in the LAMMPS convention: origin (xlo, ylo, zlo) and the
/// upper-triangular cell with edge vectors a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz), all in Å.
/// Fractional coordinates f satisfy r = origin + f.x a + f.y b + f.z c, so the box interior is 0 ≤ f &lt; 1.
/// </summary>
public sealed class Box : IEquatable<Box>
{
    private readonly double _ilx, _ily, _ilz; // 1/lx, 1/ly, 1/lz

    /// <summary>Creates a box from LAMMPS parameters (Å); the tilts are zero for an orthorhombic box.</summary>
    /// <param name="origin">(xlo, ylo, zlo) [Å].</param>
    /// <param name="lx">xhi − xlo [Å], positive.</param>
    /// <param name="ly">yhi − ylo [Å], positive.</param>
    /// <param name="lz">zhi − zlo [Å], positive.</param>
    /// <param name="xy">tilt xy [Å].</param>
    /// <param name="xz">tilt xz [Å].</param>
    /// <param name="yz">tilt yz [Å].</param>
    /// <param name="periodic">periodicity of x, y, z; all periodic when omitted.</param>
    public Box(Vec3 origin, double lx, double ly, double lz, double xy = 0, double xz = 0, double yz = 0,
        (bool X, bool Y, bool Z)? periodic = null)
    {
        if (!(lx > 0) || !(ly > 0) || !(lz > 0) || !double.IsFinite(lx) || !double.IsFinite(ly) || !double.IsFinite(lz))
        {
            throw new ArgumentException($"Box lengths must be positive and finite (got lx={lx}, ly={ly}, lz={lz}).");
        }

        Origin = origin;
        Lx = lx; Ly = ly; Lz = lz; Xy = xy; Xz = xz; Yz = yz;
        Periodic = periodic ?? (true, true, true);
        _ilx = 1.0 / lx; _ily = 1.0 / ly; _ilz = 1.0 / lz;
    }

    /// <summary>An orthorhombic box from its lower and upper corners [Å].</summary>
    public static Box Orthorhombic(Vec3 lo, Vec3 hi) => new(lo, hi.X - lo.X, hi.Y - lo.Y, hi.Z - lo.Z);

    /// <summary>A cubic box of edge <paramref name="length"/> [Å] with its origin at zero.</summary>
    public static Box Cubic(double length) => new(Vec3.Zero, length, length, length);

    /// <summary>
    /// A box from three cell vectors [Å] (as in extended XYZ "Lattice"). The vectors must already be in the
    /// LAMMPS orientation (a along x, b in the xy plane); otherwise use <see cref="FromGeneralCell"/>.
    /// </summary>
    public static Box FromCellVectors(Vec3 a, Vec3 b, Vec3 c, Vec3 origin = default)
    {
        const double tol = 1e-9;
        double scale = Math.Max(a.Norm, Math.Max(b.Norm, c.Norm));
        if (Math.Abs(a.Y) > tol * scale || Math.Abs(a.Z) > tol * scale || Math.Abs(b.Z) > tol * scale)
        {
            throw new ArgumentException("Cell vectors are not in the LAMMPS orientation (a ∥ x, b in the xy plane); rotate them first (FromGeneralCell).");
        }

        return new Box(origin, a.X, b.Y, c.Z, b.X, c.X, c.Y);
    }

    /// <summary>
    /// The LAMMPS box of an arbitrary right-handed cell [Å], and the rotation that maps the given frame onto it
    /// (apply <see cref="RotateIntoLammpsFrame"/> to positions).
    /// </summary>
    public static (Box Box, double[,] Rotation) FromGeneralCell(Vec3 a, Vec3 b, Vec3 c, Vec3 origin = default)
    {
        double la = a.Norm;
        Vec3 ahat = a / la;
        double lx = la;
        double xy = Vec3.Dot(b, ahat);
        Vec3 axb = Vec3.Cross(a, b);
        double axbn = axb.Norm;
        double ly = axbn / la;
        double xz = Vec3.Dot(c, ahat);
        Vec3 yhat = Vec3.Cross(axb / axbn, ahat);
        double yz = Vec3.Dot(c, yhat);
        double lz = Math.Abs(Vec3.Dot(c, axb / axbn));
        if (Vec3.Dot(c, axb) < 0)
        {
            throw new ArgumentException("Cell vectors are left-handed; LAMMPS boxes need a right-handed cell.");
        }

        Vec3 zhat = axb / axbn;
        var rot = new double[3, 3]
        {
            { ahat.X, ahat.Y, ahat.Z },
            { yhat.X, yhat.Y, yhat.Z },
            { zhat.X, zhat.Y, zhat.Z },
        };
        return (new Box(origin, lx, ly, lz, xy, xz, yz), rot);
    }

    /// <summary>Applies a rotation from <see cref="FromGeneralCell"/> to a vector.</summary>
    public static Vec3 RotateIntoLammpsFrame(double[,] rotation, Vec3 v) => new(
        rotation[0, 0] * v.X + rotation[0, 1] * v.Y + rotation[0, 2] * v.Z,
        rotation[1, 0] * v.X + rotation[1, 1] * v.Y + rotation[1, 2] * v.Z,
        rotation[2, 0] * v.X + rotation[2, 1] * v.Y + rotation[2, 2] * v.Z);

    /// <summary>Lower corner (xlo, ylo, zlo) [Å].</summary>
    public Vec3 Origin { get; }

    /// <summary>Edge length along x [Å].</summary>
    public double Lx { get; }

    /// <summary>Edge length along y [Å].</summary>
    public double Ly { get; }

    /// <summary>Edge length along z [Å].</summary>
    public double Lz { get; }

    /// <summary>Tilt factor xy [Å].</summary>
    public double Xy { get; }

    /// <summary>Tilt factor xz [Å].</summary>
    public double Xz { get; }

    /// <summary>Tilt factor yz [Å].</summary>
    public double Yz { get; }

    /// <summary>Periodicity along x, y, z.</summary>
    public (bool X, bool Y, bool Z) Periodic { get; }

    /// <summary>True when any tilt factor is non-zero.</summary>
    public bool IsTriclinic => Xy != 0 || Xz != 0 || Yz != 0;

    /// <summary>Upper corner of the orthogonal bounding parallelepiped of an orthorhombic box (xhi, yhi, zhi) [Å].</summary>
    public Vec3 Hi => new(Origin.X + Lx, Origin.Y + Ly, Origin.Z + Lz);

    /// <summary>First cell vector a [Å].</summary>
    public Vec3 A => new(Lx, 0, 0);

    /// <summary>Second cell vector b [Å].</summary>
    public Vec3 B => new(Xy, Ly, 0);

    /// <summary>Third cell vector c [Å].</summary>
    public Vec3 C => new(Xz, Yz, Lz);

    /// <summary>Volume [Å³].</summary>
    public double Volume => Lx * Ly * Lz;

    /// <summary>
    /// Distances between opposite faces [Å] (the perpendicular widths): a periodic sphere of radius r
    /// has no self-image inside it when 2r is below the smallest width.
    /// </summary>
    public Vec3 PerpendicularWidths
    {
        get
        {
            double v = Volume;
            return new Vec3(v / Vec3.Cross(B, C).Norm, v / Vec3.Cross(C, A).Norm, v / Vec3.Cross(A, B).Norm);
        }
    }

    /// <summary>Fractional coordinates of a position [Å] (0 ≤ f &lt; 1 inside the box).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 ToFractional(Vec3 r)
    {
        double dx = r.X - Origin.X, dy = r.Y - Origin.Y, dz = r.Z - Origin.Z;
        double fz = dz * _ilz;
        double fy = (dy - Yz * fz) * _ily;
        double fx = (dx - Xy * fy - Xz * fz) * _ilx;
        return new Vec3(fx, fy, fz);
    }

    /// <summary>Cartesian position [Å] of fractional coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 ToCartesian(Vec3 f) => new(
        Origin.X + Lx * f.X + Xy * f.Y + Xz * f.Z,
        Origin.Y + Ly * f.Y + Yz * f.Z,
        Origin.Z + Lz * f.Z);

    /// <summary>Converts a displacement [Å] to fractional components (no origin shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 DisplacementToFractional(Vec3 d)
    {
        double fz = d.Z * _ilz;
        double fy = (d.Y - Yz * fz) * _ily;
        double fx = (d.X - Xy * fy - Xz * fz) * _ilx;
        return new Vec3(fx, fy, fz);
    }

    /// <summary>Converts fractional components of a displacement to Å (no origin shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 FractionalToDisplacement(Vec3 f) => new(Lx * f.X + Xy * f.Y + Xz * f.Z, Ly * f.Y + Yz * f.Z, Lz * f.Z);

    /// <summary>The lattice translation n_x a + n_y b + n_z c [Å] of an image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 Translation(Int3 image) => new(
        Lx * image.X + Xy * image.Y + Xz * image.Z,
        Ly * image.Y + Yz * image.Z,
        Lz * image.Z);

    /// <summary>
    /// The minimum-image convention as LAMMPS applies it (each periodic fractional component folded into
    /// [−½, ½)). Exact for orthorhombic boxes; for strongly tilted boxes and separations near half the
    /// box use <see cref="ShortestImage"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 MinimumImage(Vec3 d)
    {
        double fz = d.Z * _ilz;
        double fy = (d.Y - Yz * fz) * _ily;
        double fx = (d.X - Xy * fy - Xz * fz) * _ilx;
        if (Periodic.X) { fx -= Math.Floor(fx + 0.5); }
        if (Periodic.Y) { fy -= Math.Floor(fy + 0.5); }
        if (Periodic.Z) { fz -= Math.Floor(fz + 0.5); }
        return new Vec3(Lx * fx + Xy * fy + Xz * fz, Ly * fy + Yz * fz, Lz * fz);
    }

    /// <summary>The truly shortest periodic image of a displacement [Å], searching neighbouring images (exact in tilted boxes).</summary>
    public Vec3 ShortestImage(Vec3 d)
    {
        Vec3 m = MinimumImage(d);
        if (!IsTriclinic)
        {
            return m;
        }

        Vec3 best = m;
        double bestR2 = m.NormSquared;
        int nx = Periodic.X ? 1 : 0, ny = Periodic.Y ? 1 : 0, nz = Periodic.Z ? 1 : 0;
        for (int i = -nx; i <= nx; i++)
        {
            for (int j = -ny; j <= ny; j++)
            {
                for (int k = -nz; k <= nz; k++)
                {
                    Vec3 t = m + Translation(new Int3(i, j, k));
                    double r2 = t.NormSquared;
                    if (r2 < bestR2) { bestR2 = r2; best = t; }
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Wraps a position into the box and updates its image flags so that
    /// <c>Unwrap(Wrap(r, ref image), image)</c> is the original unwrapped position (LAMMPS convention).
    /// </summary>
    public Vec3 Wrap(Vec3 r, ref Int3 image)
    {
        Vec3 f = ToFractional(r);
        int sx = Periodic.X ? (int)Math.Floor(f.X) : 0;
        int sy = Periodic.Y ? (int)Math.Floor(f.Y) : 0;
        int sz = Periodic.Z ? (int)Math.Floor(f.Z) : 0;
        if (sx == 0 && sy == 0 && sz == 0)
        {
            return r;
        }

        var shift = new Int3(sx, sy, sz);
        image += shift;
        Vec3 w = ToCartesian(new Vec3(f.X - sx, f.Y - sy, f.Z - sz));
        // Guard against round-off putting a coordinate exactly on the upper face.
        Vec3 fw = ToFractional(w);
        if ((Periodic.X && fw.X >= 1.0) || (Periodic.Y && fw.Y >= 1.0) || (Periodic.Z && fw.Z >= 1.0))
        {
            w = ToCartesian(new Vec3(fw.X >= 1.0 ? 0.0 : fw.X, fw.Y >= 1.0 ? 0.0 : fw.Y, fw.Z >= 1.0 ? 0.0 : fw.Z));
        }

        return w;
    }

    /// <summary>Wraps a position into the box, discarding the image shift.</summary>
    public Vec3 Wrap(Vec3 r)
    {
        Int3 dummy = default;
        return Wrap(r, ref dummy);
    }

    /// <summary>Unwrapped position [Å] from a wrapped position and its image flags.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 Unwrap(Vec3 r, Int3 image) => r + Translation(image);

    /// <summary>A copy scaled about its centre by a factor per axis (used by barostats); tilts scale with their axis.</summary>
    public Box ScaledAboutCentre(double factor)
    {
        Vec3 centre = ToCartesian(new Vec3(0.5, 0.5, 0.5));
        Vec3 newOrigin = centre + factor * (Origin - centre);
        return new Box(newOrigin, Lx * factor, Ly * factor, Lz * factor, Xy * factor, Xz * factor, Yz * factor, Periodic);
    }

    /// <inheritdoc />
    public bool Equals(Box? other) => other is not null && Origin == other.Origin && Lx == other.Lx && Ly == other.Ly &&
        Lz == other.Lz && Xy == other.Xy && Xz == other.Xz && Yz == other.Yz && Periodic == other.Periodic;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Box);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Origin, Lx, Ly, Lz, Xy, Xz, Yz);

    /// <inheritdoc />
    public override string ToString() => IsTriclinic
        ? FormattableString.Invariant($"Box(origin={Origin}, lx={Lx}, ly={Ly}, lz={Lz}, xy={Xy}, xz={Xz}, yz={Yz})")
        : FormattableString.Invariant($"Box(origin={Origin}, lx={Lx}, ly={Ly}, lz={Lz})");
}
