from policybrief.cli import main

main(prog_name="policybrief")
