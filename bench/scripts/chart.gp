# Three panels: Postgres and DynamoDB throughput against their ceilings, and start-up time.
# Green/red: the target of that bar met (in stable rounds) or missed or unstable; the black tick on a bar is its target;
# whiskers span the lowest and highest of the interleaved rounds.
# Call: gnuplot -e "out='latest.png'; data='DIR'" chart.gp   (DIR holds chart-data's output)
set terminal pngcairo size 1500,560 font "Sans,11"
set output out
title = system("cat '".data."/chart-title.txt'")
subtitle = system("cat '".data."/chart-subtitle.txt'")

set multiplot layout 1,3 title title."\n".subtitle font "Sans,12"
set style fill solid 0.85 border -1
set boxwidth 0.7
set grid ytics lc rgb "#dddddd"
set xtics nomirror font "Sans,10"
set ytics nomirror
set border 3
set yrange [0:*]
# Headroom above the highest whisker for its value label.
set offsets 0.4, 0.4, graph 0.1, 0
set bmargin 4
unset key

bars(file) = data."/".file

set title "Service on PostgreSQL (req/s, higher is better)"
set format y "%.0f"
plot bars("chart-pg.dat") using 0:2:3:xtic(1) with boxes lc rgb variable, \
     '' using 0:7:(sprintf("%.0f", $2)) with labels offset 0,0.8 font "Sans,10", \
     '' using 0:4:(0.38) with xerrorbars lc rgb "black" lw 3 pt 0, \
     '' using 0:2:5:6 with yerrorbars lc rgb "#333333" lw 1.5 pt 0

set title "Service on DynamoDB Local (req/s, higher is better)"
plot bars("chart-ddb.dat") using 0:2:3:xtic(1) with boxes lc rgb variable, \
     '' using 0:7:(sprintf("%.0f", $2)) with labels offset 0,0.8 font "Sans,10", \
     '' using 0:4:(0.38) with xerrorbars lc rgb "black" lw 3 pt 0, \
     '' using 0:2:5:6 with yerrorbars lc rgb "#333333" lw 1.5 pt 0

set title "Start-up to first ready (ms, median, lower is better)"
plot bars("chart-ttfr.dat") using 0:2:3:xtic(1) with boxes lc rgb variable, \
     '' using 0:7:(sprintf("%.0f", $2)) with labels offset 0,0.8 font "Sans,10", \
     '' using 0:4:(0.38) with xerrorbars lc rgb "black" lw 3 pt 0, \
     '' using 0:2:5:6 with yerrorbars lc rgb "#333333" lw 1.5 pt 0
unset multiplot
