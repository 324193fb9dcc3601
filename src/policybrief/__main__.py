from policybrief.cli import main

main()
