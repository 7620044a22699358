from _recorded import main

main("bench_tensorflow")
