#!/usr/bin/env python3
"""Regenerates ariga2022.json (Vitrion's force-field file) from ../reference/ariga2022/parameters.json.

Usage: python3 make_ariga2022.py [PARAMETERS_JSON] > ariga2022.json
The output keeps every number of parameters.json; only the layout changes (explicit sections, names of
bond/angle/dihedral types as LAMMPS-style atom-type sequences, charge rules as expressions)."""
import json, sys, os

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "reference", "ariga2022", "parameters.json")
p = json.load(open(src))
nb = p["nonbonded"]
sw = p["three_body_stillinger_weber"]
out = {
    "name": "ariga2022",
    "description": p["name"],
    "reference": p["reference"],
    "units": "LAMMPS real: kcal/mol, angstrom, fs, g/mol, e; angles in degrees",
    "types": {n: {"mass": t["mass"], "charge": t["charge"], "meaning": p["type_meaning"].get(n, "")} for n, t in p["types"].items()},
    "charge_constants": {"Z": 0.640098},
    "charge_rules": [
        {"type": "S4", "expression": "-(3*Li + P4)/4"},
        {"type": "S2", "expression": "-(2*Li + P2)/3"},
        {"type": "S1", "expression": "-(4*Li + 2*Pa)/(6 + Z)"},
        {"type": "Sc", "expression": "Z*S1"},
        {"type": "S0", "expression": "-2*Li"},
    ],
    "pair": {
        "style": "lj/class2/coul/long",
        "form": nb["form"],
        "lj_cutoff": nb["lj_cutoff"],
        "coulomb_cutoff": nb["coulomb_real_space_cutoff"],
        "coulomb_constant": p["units"]["coulomb_constant_kcal_A_per_mol_e2"],
        "lj": {k: {"epsilon": v["epsilon"], "sigma": v["sigma"]} for k, v in nb["pairs"].items()},
    },
    "special_bonds": {"lj": nb["special_bonds"]["lj"], "coul": nb["special_bonds"]["coul"]},
    "three_body": {
        "style": "sw",
        "form": sw["form"],
        "centres": ["Li"],
        "epsilon": sw["epsilon"],
        "sigma": sw["sigma"],
        "a": sw["a"],
        "gamma": sw["gamma"],
        "triplets": {k: {"lambda": v["lambda"], "cos_theta0": v["cos_theta0"]} for k, v in sw["lambda_cos0"].items()},
    },
    "bonds": {"style": "class2", "form": p["bonds_class2"]["form"], "types": p["bonds_class2"]["types"]},
    "angles": {"style": "class2", "form": p["angles_class2"]["form"], "types": p["angles_class2"]["types"]},
    "dihedrals": {"style": "class2", "form": p["dihedrals_class2"]["form"],
                  "types": {k: {"K": v["K"], "phi": v["phi"]} for k, v in p["dihedrals_class2"]["types"].items()}},
}
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
