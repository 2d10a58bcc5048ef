from warlosses.cli import main

main()
