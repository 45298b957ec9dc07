#!/usr/bin/env python3
"""Summary of a `vitrion neb batch` CSV: convergence, wall time, medians of the forward barrier over converged bands
by softness class with bootstrap standard errors, soft-minus-hard difference, Mann-Whitney U. Standard library only.
Usage: python3 bench/neb/analyze-batch.py barriers.csv"""
import csv, random, statistics as st, sys
rows=list(csv.DictReader(open(sys.argv[1])))
conv=[r for r in rows if r['converged']=='1']
print(f"hops {len(rows)}, converged {len(conv)} ({100*len(conv)/len(rows):.0f} %), errors {sum(1 for r in rows if r['error'])}")
w=[float(r['wall_s']) for r in rows]; print(f"wall per hop: mean {st.mean(w):.1f} s, median {st.median(w):.1f} s, max {max(w):.1f} s; converged mean {st.mean(float(r['wall_s']) for r in conv):.1f} s")
def boot(x,n=4000,seed=1):
    rnd=random.Random(seed); m=[st.median(rnd.choices(x,k=len(x))) for _ in range(n)]; m.sort()
    return st.median(x), st.stdev(m), m[int(0.025*n)], m[int(0.975*n)]
def grp(f):
    return [float(r['barrier_forward_kcal']) for r in conv if f(r)]
S=grp(lambda r:r['class'].startswith('soft')); H=grp(lambda r:r['class'].startswith('hard'))
for name,x in [('soft initial',S),('hard initial',H)]+[(c,grp(lambda r,c=c:r['class']==c)) for c in ['soft→hard','hard→soft','soft→soft','hard→hard']]:
    if x: m,se,lo,hi=boot(x); print(f"{name:13s} n={len(x):3d} median {m:6.2f} ± {se:.2f} kcal/mol (95% {lo:.2f}–{hi:.2f}); mean {st.mean(x):.2f}")
# difference of medians with bootstrap
rnd=random.Random(7); d=[]
for _ in range(4000): d.append(st.median(rnd.choices(S,k=len(S)))-st.median(rnd.choices(H,k=len(H))))
d.sort(); print(f"median(soft) - median(hard) = {st.median(S)-st.median(H):.2f}, 95% CI {d[100]:.2f}..{d[3900]:.2f}; P(diff>=0) = {sum(1 for x in d if x>=0)/len(d):.3f}")
# Mann-Whitney U
allv=sorted([(v,0) for v in S]+[(v,1) for v in H]); ranks={}
i=0
R=[0,0]
vals=[v for v,_ in allv]
import itertools
pos=0
for k,g in itertools.groupby(allv,key=lambda t:t[0]):
    g=list(g); r=pos+ (len(g)+1)/2
    for _,lab in g: R[lab]+=r
    pos+=len(g)
n1,n2=len(S),len(H); U=R[0]-n1*(n1+1)/2; mu=n1*n2/2; sd=(n1*n2*(n1+n2+1)/12)**0.5
import math
z=(U-mu)/sd; p=math.erfc(abs(z)/2**0.5)
print(f"Mann–Whitney U={U:.0f}, z={z:.2f}, two-sided p={p:.3f}")
# distance dependence of convergence
for lo,hi in [(5,5.5),(5.5,6),(6,6.5)]:
    b=[r for r in rows if lo<=float(r['distance_A'])<hi]; 
    if b: print(f"{lo}-{hi} Å: {len(b)} hops, {sum(r['converged']=='1' for r in b)} converged")
