from _recorded import main

main("framework_torch")
