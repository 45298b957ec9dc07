using Vitrion.Core;
using Vitrion.IO.Text;

namespace Vitrion.IO.Lammps;

/// <summary>
/// Writes LAMMPS data files (atom_style full, atomic, charge or molecular) that LAMMPS' <c>read_data</c> reads:
/// header with counts and box, Masses with the type names as comments (<c>1 30.9738 # P2</c>), the coefficient
/// sections passed through verbatim, Atoms with image flags, Velocities, Bonds, Angles and Dihedrals. Every
/// number is written in shortest round-trip form, so <see cref="LammpsDataReader.Read"/> of the written file
/// gives back the identical doubles (box bounds are chosen so that xhi − xlo reproduces lx exactly).
/// The file is written atomically (<see cref="AtomicFile"/>).
/// </summary>
public static class LammpsDataWriter
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">for an unsupported atom style or inconsistent arrays.</exception>
    public static void Write(string path, LammpsData data) => AtomicFile.Write(path, s => Write(s, data));

    /// <summary>Writes <paramref name="data"/> to a stream.</summary>
    public static void Write(Stream stream, LammpsData data)
    {
        var topo = data.Topology;
        int n = topo.AtomCount;
        if (data.Positions.Length != n || data.Images.Length != n || (data.Velocities is not null && data.Velocities.Length != n))
        {
            throw new ArgumentException($"positions, images and velocities must have {n} entries.");
        }

        string style = string.IsNullOrEmpty(data.AtomStyle) ? "full" : data.AtomStyle;
        bool hasMol = style is "full" or "molecular";
        bool hasQ = style is "full" or "charge";
        if (style is not ("full" or "atomic" or "charge" or "molecular"))
        {
            throw new ArgumentException($"atom_style '{style}' is not supported; expected full, atomic, charge or molecular.");
        }

        if (!hasMol && (!topo.Bonds.IsEmpty || !topo.Angles.IsEmpty || !topo.Dihedrals.IsEmpty))
        {
            throw new ArgumentException($"atom_style {style} cannot hold bonds, angles or dihedrals; use full or molecular.");
        }

        int SectionLines(string header) =>
            data.CoefficientSections.Where(c => c.Header.Split('#')[0].Trim() == header).Select(c => c.Lines.Length).DefaultIfEmpty(0).Max();
        int bondTypes = Math.Max(data.BondTypes ?? 0, Math.Max(topo.BondTypeCount, SectionLines("Bond Coeffs")));
        int angleTypes = Math.Max(data.AngleTypes ?? 0, Math.Max(topo.AngleTypeCount, SectionLines("Angle Coeffs")));
        int dihedralTypes = Math.Max(data.DihedralTypes ?? 0, Math.Max(topo.DihedralTypeCount, SectionLines("Dihedral Coeffs")));

        var o = new Utf8Output(stream);
        string header = data.Header.Replace('\n', ' ').Replace('\r', ' ').Trim();
        o.S(header.Length == 0 ? "LAMMPS data file written by Vitrion" : header).Nl().Nl();
        o.I(n).S(" atoms").Nl();
        o.I(topo.TypeNames.Length).S(" atom types").Nl();
        if (hasMol)
        {
            o.I(topo.Bonds.Length).S(" bonds").Nl();
            o.I(bondTypes).S(" bond types").Nl();
            o.I(topo.Angles.Length).S(" angles").Nl();
            o.I(angleTypes).S(" angle types").Nl();
            o.I(topo.Dihedrals.Length).S(" dihedrals").Nl();
            o.I(dihedralTypes).S(" dihedral types").Nl();
        }

        o.Nl();
        var b = data.Box;
        o.D(b.Origin.X).Sp().D(ExactBounds.Upper(b.Origin.X, b.Lx)).S(" xlo xhi").Nl();
        o.D(b.Origin.Y).Sp().D(ExactBounds.Upper(b.Origin.Y, b.Ly)).S(" ylo yhi").Nl();
        o.D(b.Origin.Z).Sp().D(ExactBounds.Upper(b.Origin.Z, b.Lz)).S(" zlo zhi").Nl();
        if (b.IsTriclinic)
        {
            o.D(b.Xy).Sp().D(b.Xz).Sp().D(b.Yz).S(" xy xz yz").Nl();
        }

        o.Nl().S("Masses").Nl().Nl();
        for (int t = 0; t < topo.TypeNames.Length; t++)
        {
            o.I(t + 1).Sp().D(topo.TypeMasses[t]);
            string name = topo.TypeNames[t];
            if (!string.IsNullOrWhiteSpace(name) && name != (t + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                o.S(" # ").S(name);
            }

            o.Nl();
        }

        foreach (var (sectionHeader, lines) in data.CoefficientSections)
        {
            o.Nl().S(sectionHeader).Nl().Nl();
            foreach (string line in lines) { o.S(line).Nl(); }
            o.FlushIfAbove(1 << 20);
        }

        o.Nl().S("Atoms # ").S(style).Nl().Nl();
        for (int i = 0; i < n; i++)
        {
            o.I(topo.Ids[i]).Sp();
            if (hasMol) { o.I(topo.MoleculeIds[i]).Sp(); }
            o.I(topo.Types[i] + 1).Sp();
            if (hasQ) { o.D(topo.Charges[i]).Sp(); }
            var p = data.Positions[i];
            var im = data.Images[i];
            o.D(p.X).Sp().D(p.Y).Sp().D(p.Z).Sp().I(im.X).Sp().I(im.Y).Sp().I(im.Z).Nl();
            o.FlushIfAbove(1 << 20);
        }

        if (data.Velocities is { } v)
        {
            o.Nl().S("Velocities").Nl().Nl();
            for (int i = 0; i < n; i++)
            {
                o.I(topo.Ids[i]).Sp().D(v[i].X).Sp().D(v[i].Y).Sp().D(v[i].Z).Nl();
                o.FlushIfAbove(1 << 20);
            }
        }

        if (!topo.Bonds.IsEmpty)
        {
            o.Nl().S("Bonds").Nl().Nl();
            int k = 1;
            foreach (var bond in topo.Bonds)
            {
                o.I(k++).Sp().I(bond.Type + 1).Sp().I(topo.Ids[bond.I]).Sp().I(topo.Ids[bond.J]);
                if (bond.Type < topo.BondTypeNames.Length) { o.S(" # ").S(topo.BondTypeNames[bond.Type]); }
                o.Nl();
                o.FlushIfAbove(1 << 20);
            }
        }

        if (!topo.Angles.IsEmpty)
        {
            o.Nl().S("Angles").Nl().Nl();
            int k = 1;
            foreach (var a in topo.Angles)
            {
                o.I(k++).Sp().I(a.Type + 1).Sp().I(topo.Ids[a.I]).Sp().I(topo.Ids[a.J]).Sp().I(topo.Ids[a.K]);
                if (a.Type < topo.AngleTypeNames.Length) { o.S(" # ").S(topo.AngleTypeNames[a.Type]); }
                o.Nl();
                o.FlushIfAbove(1 << 20);
            }
        }

        if (!topo.Dihedrals.IsEmpty)
        {
            o.Nl().S("Dihedrals").Nl().Nl();
            int k = 1;
            foreach (var d in topo.Dihedrals)
            {
                o.I(k++).Sp().I(d.Type + 1).Sp().I(topo.Ids[d.I]).Sp().I(topo.Ids[d.J]).Sp().I(topo.Ids[d.K]).Sp().I(topo.Ids[d.L]);
                if (d.Type < topo.DihedralTypeNames.Length) { o.S(" # ").S(topo.DihedralTypeNames[d.Type]); }
                o.Nl();
                o.FlushIfAbove(1 << 20);
            }
        }

        o.Flush();
    }
}
