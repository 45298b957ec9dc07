namespace Vitrion.Paths;

/// <summary>
/// Anything a minimiser can drive: a point x in R^n with an energy and a gradient. For atoms x holds the
/// Cartesian coordinates [Å] (x0,y0,z0,x1,…), the energy is in kcal/mol and the gradient is −forces
/// [kcal/mol/Å]. A nudged elastic band is "just another" optimisable whose gradient is minus the NEB force
/// (not the gradient of its energy; set <see cref="EnergyIsConsistent"/> to false for such objects).
/// </summary>
public interface IOptimizable
{
    /// <summary>Number of coordinates n.</summary>
    int Dimension { get; }

    /// <summary>
    /// Coordinates per "atom" used for the force tolerance and the step limit (3 for atoms, 2 for a 2-D model
    /// surface). Convergence is max over blocks of the block norm of the gradient.
    /// </summary>
    int BlockSize => 3;

    /// <summary>
    /// Whether the returned energy is the potential whose gradient is returned (true for ordinary systems,
    /// false for NEB bands). Line searches and energy tolerances are used only when true.
    /// </summary>
    bool EnergyIsConsistent => true;

    /// <summary>Evaluates the energy [kcal/mol] at <paramref name="x"/> and writes its gradient (−forces) into <paramref name="gradient"/>.</summary>
    /// <param name="x">coordinates (length <see cref="Dimension"/>).</param>
    /// <param name="gradient">output gradient [kcal/mol per coordinate unit] (length <see cref="Dimension"/>).</param>
    /// <returns>the energy [kcal/mol].</returns>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}
