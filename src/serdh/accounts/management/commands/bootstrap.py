import getpass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from serdh.core import context


class Command(BaseCommand):
    help = (
        "Cria a secretaria estadual e a primeira pessoa administradora estadual (auditado). "
        "Recusa se já houver administração estadual ativa. Sem --no-input, pergunta o que "
        "faltar e a senha; com --no-input, a conta fica sem senha e o comando imprime um link "
        "de uso único para defini-la."
    )

    def add_arguments(self, parser):
        parser.add_argument("--secretariat", help="Nome da secretaria estadual")
        parser.add_argument("--acronym", default="", help="Sigla (ex.: SEDESE)")
        parser.add_argument("--municipality", help="Sede: código IBGE ou nome do município")
        parser.add_argument("--username", help="Usuário da pessoa administradora")
        parser.add_argument("--full-name", help="Nome completo")
        parser.add_argument("--email", help="E-mail (para redefinir a senha)")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="Não perguntar nada; sem senha, imprime um link para defini-la.",
        )

    def handle(self, *args, **options):
        from serdh.accounts import recovery
        from serdh.network.models import State

        interactive = not options["no_input"]
        if recovery.state_admin_exists():
            raise CommandError(
                "Já existe uma administração estadual ativa: crie as contas pela web."
            )
        state = State.objects.filter(uf=settings.SERDH_STATE).first()
        if state is None:
            raise CommandError(f"Estado {settings.SERDH_STATE} não encontrado (SERDH_STATE).")
        self.stdout.write(f"Estado: {state.uf} ({state.name})")

        def value(key, prompt):
            given = (options.get(key) or "").strip()
            if given or not interactive:
                return given
            return input(f"{prompt}: ").strip()

        secretariat = value("secretariat", "Nome da secretaria estadual")
        acronym = value("acronym", "Sigla") if options["acronym"] or interactive else ""
        where = value("municipality", "Município sede (código IBGE ou nome)")
        username = value("username", "Usuário da pessoa administradora")
        full_name = value("full_name", "Nome completo")
        email = value("email", "E-mail")
        missing = [
            flag
            for flag, given in (
                ("--secretariat", secretariat),
                ("--municipality", where),
                ("--username", username),
                ("--full-name", full_name),
                ("--email", email),
            )
            if not given
        ]
        if missing:
            raise CommandError("Faltam: " + ", ".join(missing))
        municipality = recovery.find_municipality(state, where)
        if municipality is None:
            raise CommandError(
                f"Município '{where}' não encontrado em {state.uf}: use o código IBGE."
            )
        password = None
        if interactive:
            password = getpass.getpass("Senha: ")
            if password != getpass.getpass("Senha (de novo): "):
                raise CommandError("As senhas não conferem.")
        try:
            with context.use_context(channel="cli", actor_label="serdh bootstrap"):
                org, user = recovery.bootstrap(
                    state=state,
                    secretariat=secretariat,
                    acronym=acronym,
                    municipality=municipality,
                    username=username,
                    full_name=full_name,
                    email=email,
                    password=password,
                )
                link = recovery.reset_link(user) if password is None else ""
        except recovery.BootstrapRefused as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Criados: {org.name} ({municipality.name}) e a conta {user.username} "
                "(administração estadual)."
            )
        )
        if link:
            minutes = settings.PASSWORD_RESET_TIMEOUT // 60
            self.stdout.write(f"Defina a senha em até {minutes} minutos (uso único): {link}")
        self.stdout.write(
            "No primeiro acesso, o SER-DH pede o cadastro do segundo fator (aplicativo "
            "autenticador)."
        )
