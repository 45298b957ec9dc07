using System.Collections.Immutable;
using System.Globalization;

namespace Vitrion.Dynamics;

/// <summary>
/// A control value (temperature [K] or pressure [atm]) as a function of the progress of a stage, where progress
/// f = (step − begin) / (end − begin) runs from 0 at the stage's first step to 1 at its last (LAMMPS's delta of
/// fix nvt/npt "Tstart Tstop").
/// </summary>
public abstract record Schedule
{
    /// <summary>The value at stage progress <paramref name="fraction"/> ∈ [0, 1].</summary>
    public abstract double ValueAt(double fraction);

    /// <summary>The value at the start (f = 0).</summary>
    public double Start => ValueAt(0);

    /// <summary>The value at the end (f = 1).</summary>
    public double End => ValueAt(1);

    /// <summary>A constant value.</summary>
    public static Schedule Constant(double value) => new ConstantSchedule(value);

    /// <summary>A linear ramp from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static Schedule Linear(double start, double end) => new LinearSchedule(start, end);

    /// <summary>
    /// Parses "T" (constant) or "T1:T2" (linear ramp), invariant culture, as the md command's --temp option.
    /// </summary>
    public static Schedule Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException($"'{text}' is not a value or a ramp 'start:end'");
        }

        var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? d : throw new FormatException($"'{p}' in '{text}' is not a number")).ToArray();
        return values.Length == 1 ? Constant(values[0]) : Linear(values[0], values[1]);
    }
}

/// <summary>A constant value.</summary>
/// <param name="Value">the value.</param>
public sealed record ConstantSchedule(double Value) : Schedule
{
    /// <inheritdoc/>
    public override double ValueAt(double fraction) => Value;
}

/// <summary>A linear ramp start + f (end − start) (as LAMMPS Tstart/Tstop).</summary>
/// <param name="From">value at f = 0.</param>
/// <param name="To">value at f = 1.</param>
public sealed record LinearSchedule(double From, double To) : Schedule
{
    /// <inheritdoc/>
    public override double ValueAt(double fraction) => From + fraction * (To - From);
}

/// <summary>
/// Piecewise-linear through points (fraction, value) with fractions increasing from 0 to 1; held constant
/// outside the first and last point.
/// </summary>
public sealed record PiecewiseSchedule : Schedule
{
    /// <summary>Creates the schedule; the fractions must be strictly increasing and within [0, 1].</summary>
    public PiecewiseSchedule(IEnumerable<(double Fraction, double Value)> points)
    {
        Points = points.ToImmutableArray();
        if (Points.Length == 0) { throw new ArgumentException("a piecewise schedule needs at least one point"); }
        for (int i = 0; i < Points.Length; i++)
        {
            if (Points[i].Fraction < 0 || Points[i].Fraction > 1 || !double.IsFinite(Points[i].Value))
            {
                throw new ArgumentException("piecewise schedule fractions must lie in [0, 1] and values be finite");
            }

            if (i > 0 && !(Points[i].Fraction > Points[i - 1].Fraction))
            {
                throw new ArgumentException("piecewise schedule fractions must increase strictly");
            }
        }
    }

    /// <summary>The points (fraction of the stage, value).</summary>
    public ImmutableArray<(double Fraction, double Value)> Points { get; }

    /// <inheritdoc/>
    public override double ValueAt(double fraction)
    {
        if (fraction <= Points[0].Fraction) { return Points[0].Value; }
        for (int i = 1; i < Points.Length; i++)
        {
            if (fraction <= Points[i].Fraction)
            {
                var (f0, v0) = Points[i - 1];
                var (f1, v1) = Points[i];
                return v0 + (fraction - f0) / (f1 - f0) * (v1 - v0);
            }
        }

        return Points[^1].Value;
    }
}
