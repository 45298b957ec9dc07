using ILGPU;

namespace Vitrion.Device.Kernels;

/// <summary>
/// An orthorhombic periodic box as the kernels see it: edge lengths [Å] and their reciprocals [1/Å]. A neighbour
/// entry stores a lattice translation as three signed bytes and a special order, packed in one int
/// (<see cref="Pack"/>); the displacement of entry (i → j, t) is x_j + t·L − x_i.
/// </summary>
public readonly struct DeviceBox
{
    /// <summary>Creates the box.</summary>
    /// <param name="lx">edge x [Å].</param>
    /// <param name="ly">edge y [Å].</param>
    /// <param name="lz">edge z [Å].</param>
    public DeviceBox(double lx, double ly, double lz)
    {
        Lx = lx; Ly = ly; Lz = lz;
        Ilx = 1.0 / lx; Ily = 1.0 / ly; Ilz = 1.0 / lz;
    }

    /// <summary>Edge x [Å].</summary>
    public readonly double Lx;

    /// <summary>Edge y [Å].</summary>
    public readonly double Ly;

    /// <summary>Edge z [Å].</summary>
    public readonly double Lz;

    /// <summary>1/Lx [1/Å].</summary>
    public readonly double Ilx;

    /// <summary>1/Ly [1/Å].</summary>
    public readonly double Ily;

    /// <summary>1/Lz [1/Å].</summary>
    public readonly double Ilz;

    /// <summary>Packs a translation (components in [−127, 127]) and a special order (0–3) into one int.</summary>
    public static int Pack(int tx, int ty, int tz, int order) => (tx + 128) | ((ty + 128) << 8) | ((tz + 128) << 16) | (order << 24);

    /// <summary>Translation x component of a packed code.</summary>
    public static int Tx(int code) => (code & 0xFF) - 128;

    /// <summary>Translation y component of a packed code.</summary>
    public static int Ty(int code) => ((code >> 8) & 0xFF) - 128;

    /// <summary>Translation z component of a packed code.</summary>
    public static int Tz(int code) => ((code >> 16) & 0xFF) - 128;

    /// <summary>Special order (0 = ordinary pair, 1-3 = 1-2, 1-3, 1-4) of a packed code.</summary>
    public static int Order(int code) => (code >> 24) & 3;

    /// <summary>The code of the reverse entry (j → i, −t) with the same order.</summary>
    public static int Reverse(int code) => Pack(-Tx(code), -Ty(code), -Tz(code), Order(code));

    /// <summary>Minimum-image displacement component as <c>Box.MinimumImage</c> computes it for an orthogonal box.</summary>
    public static double MinImage(double d, double l, double il)
    {
        double f = d * il;
        f -= Math.Floor(f + 0.5);
        return l * f;
    }
}
