from govhall.cli.main import main

main()
