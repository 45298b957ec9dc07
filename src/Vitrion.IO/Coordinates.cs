namespace Vitrion.IO;

/// <summary>Sanity limits the readers apply to coordinates and box bounds.</summary>
public static class Coordinates
{
    /// <summary>
    /// Largest coordinate magnitude a reader accepts [Å] (10⁷ Å = 1 mm): far beyond any unwrapped MD trajectory, and
    /// small enough that box and cell arithmetic stays exact to well below an ångström. Larger values mean a corrupt file.
    /// </summary>
    public const double MaxAbs = 1.0e7;
}
