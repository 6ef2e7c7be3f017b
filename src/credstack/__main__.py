from credstack.cli import main

raise SystemExit(main())
