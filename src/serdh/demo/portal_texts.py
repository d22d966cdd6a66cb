"""Demo texts for the SER-DH public Portal.

These texts were written originally for this project, in Brazilian Portuguese, to
populate the demo Portal. All people are fictional and referred to only by role.
"""

HOME = {
    "title": "Portal SER-DH",
    "intro": (
        "Informação, formação e orientação para a rede de proteção às pessoas em situação"
        " de violência e de violação de direitos humanos em Minas Gerais."
    ),
    "welcome": [
        (
            "O Portal SER-DH reúne conteúdos para profissionais de CRAS, CREAS, Conselhos"
            " Tutelares, serviços de saúde, escolas e forças de segurança que atendem "
            "pessoas em situação de violência. Aqui estão cursos, materiais de "
            "referência, fluxos de encaminhamento e experiências de municípios mineiros."
        ),
        (
            "Para a população, o portal indica onde buscar ajuda, como fazer uma denúncia"
            " e quais serviços existem em cada município. Em situação de risco imediato, "
            "ligue 190; para denunciar violações de direitos humanos, use o Disque 100, e"
            " para casos de violência contra a mulher, o Ligue 180."
        ),
    ],
}

NEWS = [
    {
        "slug": "novos-municipios-aderem-ao-termo-de-cooperacao",
        "title": "Novos municípios aderem ao termo de cooperação do SER-DH",
        "intro": (
            "Juiz de Fora e Passos formalizaram a adesão ao termo de cooperação técnica e"
            " passam a registrar e acompanhar casos no SIMA."
        ),
        "days_ago": 5,
        "body": [
            (
                "Os municípios de Juiz de Fora e Passos assinaram o termo de cooperação "
                "técnica que os integra ao SER-DH. Com a adesão, os serviços municipais "
                "da rede de proteção passam a usar o SIMA para registrar atendimentos, "
                "encaminhar casos e acompanhar cada situação até a sua resolução."
            ),
            (
                "O termo define as responsabilidades do Estado e dos municípios. Cabe à "
                "coordenação estadual oferecer a plataforma, a formação das equipes e o "
                "suporte técnico; cabe ao município indicar os serviços participantes, "
                "designar uma referência local e zelar pela confidencialidade das "
                "informações registradas."
            ),
            (
                "A implantação ocorre em etapas. Primeiro, as equipes de CRAS, CREAS e "
                "Conselhos Tutelares recebem acesso e participam do curso de formação; em"
                " seguida, são incluídos os serviços de saúde e de educação que atendem "
                "pessoas em situação de violência."
            ),
            (
                "Os municípios interessados podem solicitar informações à coordenação "
                "estadual do SER-DH. A adesão é voluntária e não substitui os fluxos "
                "locais já pactuados, que continuam válidos e podem ser registrados no "
                "sistema."
            ),
        ],
    },
    {
        "slug": "curso-online-atendimento-na-rede-de-protecao",
        "title": "Curso online sobre atendimento na rede de proteção está com inscrições abertas",
        "intro": (
            "A formação, gratuita e a distância, é voltada a profissionais que atendem "
            "pessoas em situação de violência nos municípios participantes."
        ),
        "days_ago": 12,
        "body": [
            (
                'Está disponível no portal o curso "Atendimento à pessoa em situação de '
                'violência na rede de proteção". A formação é gratuita, ocorre a '
                "distância e pode ser feita no ritmo de cada profissional."
            ),
            (
                "O primeiro módulo trata do acolhimento e da escuta sem revitimização e "
                "do registro de atendimentos no SIMA, com o encaminhamento para os demais"
                " serviços da rede. Cada aula traz um material de apoio em PDF que pode "
                "ser impresso e usado nas reuniões de equipe."
            ),
            (
                "O público prioritário são trabalhadores de CRAS, CREAS, Conselhos "
                "Tutelares, unidades de saúde, escolas e forças de segurança. A inscrição"
                " é feita na área de Formação do portal, com o login institucional."
            ),
            (
                "Novos módulos serão publicados ao longo do ano, a partir das demandas "
                "apresentadas pelos municípios durante a implantação do sistema."
            ),
        ],
    },
    {
        "slug": "campanha-estadual-18-de-maio",
        "title": "Campanha estadual marca o 18 de Maio",
        "intro": (
            "A campanha do Dia Nacional de Combate ao Abuso e à Exploração Sexual de "
            "Crianças e Adolescentes orienta famílias e profissionais sobre sinais de "
            "violência e canais de denúncia."
        ),
        "days_ago": 30,
        "body": [
            (
                "Em torno do 18 de maio, Dia Nacional de Combate ao Abuso e à Exploração "
                "Sexual de Crianças e Adolescentes, o SER-DH promove uma campanha "
                "estadual de informação em parceria com os municípios participantes. As "
                "ações incluem rodas de conversa em escolas, materiais para unidades de "
                "saúde e orientações para Conselhos Tutelares."
            ),
            (
                "A campanha reforça que qualquer pessoa que suspeite de violência contra "
                "criança ou adolescente pode comunicar o fato ao Conselho Tutelar ou ao "
                "Disque 100, sem precisar apresentar provas. Em situação de risco "
                "imediato, a orientação é acionar a Polícia Militar pelo 190."
            ),
            (
                "Para os profissionais, o foco é a escuta protegida prevista na Lei "
                "13.431/2017: acolher a revelação sem interrogar a criança, registrar "
                "apenas o necessário e encaminhar aos serviços responsáveis. Assim, "
                "evita-se que ela precise repetir o relato várias vezes."
            ),
            (
                "Os materiais da campanha, entre eles uma cartilha para famílias e o "
                "fluxo de atendimento à violência sexual, estão disponíveis na Biblioteca"
                " do portal e podem ser reproduzidos livremente pelos municípios."
            ),
        ],
    },
    {
        "slug": "primeiro-boletim-estatistico-do-ser-dh",
        "title": "Publicado o primeiro boletim estatístico do SER-DH",
        "intro": (
            "O boletim apresenta dados agregados dos atendimentos registrados no SIMA, "
            "com regras de controle de divulgação que protegem as vítimas."
        ),
        "days_ago": 45,
        "body": [
            (
                "A coordenação estadual publicou o primeiro boletim estatístico do SER-"
                "DH, com números agregados dos atendimentos registrados no SIMA pelos "
                "municípios participantes. Os dados estão organizados por município, tipo"
                " de violência, faixa etária e serviço de entrada na rede."
            ),
            (
                "Para proteger as pessoas atendidas, o boletim aplica controle de "
                "divulgação: contagens abaixo de 5 não são exibidas, e outras células "
                "podem ser ocultadas para impedir que o valor escondido seja recalculado "
                "a partir dos totais. Em municípios pequenos, um número baixo poderia "
                "permitir a identificação de uma vítima."
            ),
            (
                "Os números refletem os atendimentos registrados no sistema, e não a "
                "totalidade dos casos de violência, já que muitas situações não chegam "
                "aos serviços. Variações entre períodos podem decorrer tanto de mudanças "
                "reais quanto da ampliação do uso do sistema pelos municípios."
            ),
            (
                "O boletim pode ser consultado na página de Estatísticas do portal, que "
                "também explica a metodologia adotada."
            ),
        ],
    },
]

ARTICLE = {
    "slug": "fluxo-de-atendimento-na-rede-de-protecao",
    "title": "Como funciona o fluxo de atendimento na rede de proteção",
    "intro": (
        "Orientações para registrar, encaminhar e acompanhar casos de violência sem "
        "revitimizar a pessoa atendida e com respeito ao sigilo das informações."
    ),
    "sections": [
        {
            "heading": "Registrar, encaminhar e acompanhar",
            "paragraphs": [
                (
                    "O atendimento em rede começa quando um serviço identifica ou recebe "
                    "uma situação de violência. O primeiro passo é registrar o "
                    "atendimento no SIMA com as informações essenciais: quem foi "
                    "atendido, qual a situação identificada, quais medidas já foram "
                    "tomadas e qual o risco percebido."
                ),
                (
                    "O encaminhamento deve indicar o serviço de destino, o motivo e o que"
                    " se espera dele. Um encaminhamento claro evita que a pessoa circule "
                    "entre serviços sem resposta e permite que o serviço de destino "
                    "confirme o recebimento."
                ),
                (
                    "O caso não termina no encaminhamento. O serviço de origem acompanha "
                    "a situação até a resolução, verifica se o atendimento foi realizado "
                    "e se houve novas ocorrências, e registra o encerramento com o motivo"
                    " correspondente."
                ),
            ],
        },
        {
            "heading": "Evitar a revitimização",
            "paragraphs": [
                (
                    "Revitimização é o sofrimento causado quando a pessoa precisa contar "
                    "a mesma história a vários profissionais, é questionada de forma "
                    "inadequada ou tem a sua palavra posta em dúvida. A Lei 13.431/2017 "
                    "instituiu a escuta especializada e o depoimento especial de crianças"
                    " e adolescentes vítimas ou testemunhas de violência justamente para "
                    "reduzir esse dano."
                ),
                (
                    "Na prática, o profissional que recebe uma revelação deve acolher, "
                    "ouvir sem interromper e sem fazer perguntas sugestivas, e registrar "
                    "o relato espontâneo com as palavras da própria pessoa. Não cabe a "
                    "ele investigar os fatos nem confrontar a vítima com o suposto autor."
                ),
                (
                    "O registro no SIMA permite que os serviços seguintes conheçam o que "
                    "já foi relatado. Assim, não é necessário pedir à pessoa que repita a"
                    " história a cada atendimento, e novas perguntas devem se limitar ao "
                    "indispensável para a atuação de cada serviço."
                ),
            ],
        },
        {
            "heading": "Sigilo e proteção de dados",
            "paragraphs": [
                (
                    "Informações sobre violência são dados pessoais sensíveis, protegidos"
                    " pela Lei Geral de Proteção de Dados (Lei 13.709/2018) e pelas "
                    "regras de sigilo profissional de cada categoria. Devem ser acessadas"
                    " apenas por quem atua no caso e compartilhadas somente na medida "
                    "necessária para a proteção da pessoa."
                ),
                (
                    "Evite discutir casos em espaços abertos, em grupos de mensagens ou "
                    "por e-mail pessoal. Para encaminhar, use os canais institucionais e "
                    "o próprio SIMA, que registra quem acessou cada informação."
                ),
                (
                    "Relatórios e estatísticas devem usar dados agregados e sem "
                    "identificação. Quando um número é tão pequeno que permite reconhecer"
                    " a vítima, ele não deve ser divulgado."
                ),
            ],
        },
        {
            "heading": "Comunicação ao Conselho Tutelar e notificação compulsória",
            "paragraphs": [
                (
                    "O Estatuto da Criança e do Adolescente (Lei 8.069/1990) determina "
                    "que os casos de suspeita ou confirmação de maus-tratos contra "
                    "crianças e adolescentes sejam comunicados ao Conselho Tutelar. A "
                    "comunicação não depende de prova, pois a apuração cabe aos órgãos "
                    "competentes. A Lei 14.344/2022 (Lei Henry Borel) reforçou esse dever"
                    " nos casos de violência doméstica e familiar contra crianças e "
                    "adolescentes."
                ),
                (
                    "Nos serviços de saúde, os casos suspeitos ou confirmados de "
                    "violência devem ser notificados no SINAN, o sistema de notificação "
                    "compulsória do Ministério da Saúde. A notificação é um instrumento "
                    "de vigilância e de cuidado, não uma denúncia policial, e não "
                    "substitui a comunicação ao Conselho Tutelar quando a vítima é "
                    "criança ou adolescente."
                ),
                (
                    "Há também dever de comunicação em outras situações, como a violência"
                    " contra a pessoa idosa, prevista no Estatuto da Pessoa Idosa (Lei "
                    "10.741/2003). Em caso de dúvida, registre o atendimento, converse "
                    "com a referência técnica do seu serviço e consulte os fluxos "
                    "disponíveis na Biblioteca."
                ),
            ],
        },
    ],
}

EXPERIENCE = {
    "slug": "reunioes-mensais-de-discussao-de-casos-em-passos",
    "title": "Reuniões mensais de discussão de casos entre os serviços da rede",
    "municipality": "Passos",
    "organization": "CREAS Passos",
    "summary": (
        "O CREAS de Passos organiza, uma vez por mês, uma reunião com os CRAS, o Conselho"
        " Tutelar e a unidade de saúde de referência para discutir casos em "
        "acompanhamento e pactuar os encaminhamentos entre os serviços."
    ),
    "results": (
        "Nos primeiros seis meses, cerca de quarenta casos foram discutidos nas reuniões."
        " Segundo a coordenação do CREAS, diminuíram os encaminhamentos devolvidos por "
        "falta de informação, e as famílias passaram a ser chamadas menos vezes para "
        "relatar a mesma situação a serviços diferentes."
    ),
    "body": [
        (
            "Antes da iniciativa, os serviços de Passos se comunicavam sobretudo por "
            "ofícios, e era comum que um mesmo caso fosse acompanhado por mais de um "
            "serviço sem que as equipes soubessem. A coordenadora do CREAS propôs um "
            "espaço fixo de conversa para alinhar as ações."
        ),
        (
            "As reuniões acontecem na primeira semana de cada mês e reúnem técnicos do "
            "CREAS e dos CRAS, conselheiros tutelares e profissionais da unidade de saúde"
            " de referência. A pauta é montada com antecedência, a partir dos casos "
            "registrados no SIMA que precisam de decisão conjunta."
        ),
        (
            "Para proteger o sigilo, os casos são apresentados apenas com as informações "
            "necessárias, e a discussão fica restrita aos profissionais que atuam no "
            "atendimento. Ao final, cada encaminhamento acordado é registrado no sistema "
            "com o serviço responsável e o prazo de retorno."
        ),
        (
            "Cada reunião começa pela revisão dos encaminhamentos do mês anterior. Quando"
            " um serviço não consegue cumprir o que foi combinado, o grupo discute "
            "alternativas em vez de simplesmente devolver o caso."
        ),
    ],
}

SUBMITTED_EXPERIENCE = {
    "slug": "protocolo-escolar-para-identificacao-de-sinais-de-violencia",
    "title": "Protocolo escolar para identificação de sinais de violência",
    "municipality": "Belo Horizonte",
    "organization": "Escola municipal da Regional Barreiro",
    "summary": (
        "Uma escola municipal de Belo Horizonte elaborou, com o CREAS e o Conselho "
        "Tutelar da regional, um protocolo que orienta os profissionais a reconhecer "
        "sinais de violência e a agir sem expor o estudante."
    ),
    "results": (
        "Após o primeiro ano letivo, a equipe pedagógica relata mais segurança dos "
        "professores para identificar e comunicar suspeitas e menos situações em que o "
        "estudante foi questionado repetidamente dentro da escola. As comunicações ao "
        "Conselho Tutelar passaram a chegar com informações mais completas."
    ),
    "body": [
        (
            "A iniciativa surgiu depois que a direção percebeu que os professores não "
            "sabiam como agir diante de uma revelação de violência em sala de aula. "
            "Alguns evitavam o assunto; outros faziam muitas perguntas ao estudante, o "
            "que aumentava o sofrimento e podia prejudicar a apuração."
        ),
        (
            "Com apoio do CREAS e do Conselho Tutelar, a escola elaborou um protocolo "
            "curto, com os sinais de alerta mais comuns, orientações para acolher a "
            "revelação espontânea e a indicação de quem, na escola, é a referência para "
            "cada caso."
        ),
        (
            "Pelo protocolo, o professor escuta sem interrogar, anota as palavras do "
            "estudante e avisa imediatamente a coordenação pedagógica, que faz a "
            "comunicação ao Conselho Tutelar e o registro no SIMA. O estudante não é "
            "chamado para contar a situação novamente a outras pessoas da escola."
        ),
        (
            "Toda a equipe, incluindo os funcionários da cantina e da portaria, "
            "participou de uma formação de quatro horas. O protocolo é revisto no início "
            "de cada ano letivo e apresentado aos profissionais que chegam à escola."
        ),
    ],
}

COURSE = {
    "slug": "atendimento-a-pessoa-em-situacao-de-violencia",
    "title": "Atendimento à pessoa em situação de violência na rede de proteção",
    "intro": (
        "Curso introdutório para profissionais da rede de proteção sobre acolhimento, "
        "escuta sem revitimização, registro e encaminhamento de casos."
    ),
    "workload_hours": 20,
    "modules": [
        {
            "slug": "fundamentos-do-atendimento-em-rede",
            "title": "Fundamentos do atendimento em rede",
            "intro": (
                "Este módulo apresenta as bases do acolhimento e do registro de casos, do"
                " primeiro contato ao encaminhamento para outros serviços."
            ),
            "lessons": [
                {
                    "slug": "acolhimento-e-escuta-sem-revitimizacao",
                    "title": "Acolhimento e escuta sem revitimização",
                    "intro": (
                        "Como receber a pessoa em situação de violência, ouvir o relato e"
                        " evitar danos adicionais durante o atendimento."
                    ),
                    "body": [
                        (
                            "O acolhimento é o primeiro contato da pessoa com o serviço e"
                            " influencia a decisão de continuar buscando ajuda. Acolher "
                            "significa receber com respeito, garantir um espaço reservado"
                            " e explicar o que o serviço pode e o que não pode fazer."
                        ),
                        (
                            "Muitas pessoas levam tempo para falar sobre a violência e "
                            "podem voltar atrás no que disseram. O profissional não "
                            "precisa obter todos os detalhes no primeiro encontro: o "
                            "objetivo é compreender o suficiente para proteger e "
                            "encaminhar."
                        ),
                        (
                            'Durante a escuta, prefira perguntas abertas, como "você pode'
                            ' me contar o que aconteceu?", e evite perguntas que sugiram '
                            "respostas ou atribuam culpa. Não prometa guardar segredo "
                            "quando houver dever de comunicação; explique, em linguagem "
                            "simples, quem será informado e por quê."
                        ),
                        (
                            "Com crianças e adolescentes, a Lei 13.431/2017 distingue a "
                            "escuta especializada, feita pelos serviços da rede para fins"
                            " de proteção, do depoimento especial, realizado perante a "
                            "autoridade policial ou judiciária. Na escuta especializada, "
                            "o relato deve se limitar ao estritamente necessário para o "
                            "cuidado."
                        ),
                        (
                            "Registre o que foi dito com as palavras da própria pessoa, "
                            "sem interpretações. Um bom registro evita que outros "
                            "serviços repitam as mesmas perguntas e é uma das principais "
                            "formas de prevenir a revitimização."
                        ),
                    ],
                    "document_title": "Roteiro de acolhimento e escuta sem revitimização",
                    "document_text": [
                        (
                            "Antes do atendimento: garanta um espaço reservado, sem "
                            "interrupções, e verifique se já existe registro do caso no "
                            "SIMA."
                        ),
                        (
                            "No acolhimento: apresente-se, explique o papel do serviço e "
                            "informe quais situações exigem comunicação a outros órgãos."
                        ),
                        (
                            "Na escuta: use perguntas abertas, não interrompa, não sugira"
                            " respostas e não peça que a pessoa repita o que já relatou a"
                            " outro serviço."
                        ),
                        (
                            "Com crianças e adolescentes: acolha a revelação espontânea, "
                            "não investigue os fatos e comunique o Conselho Tutelar."
                        ),
                        (
                            "Depois do atendimento: registre o relato com as palavras da "
                            "pessoa, avalie o risco e decida se há necessidade de "
                            "encaminhamento imediato."
                        ),
                    ],
                },
                {
                    "slug": "registro-no-sima-e-encaminhamento",
                    "title": "Registro no SIMA e encaminhamento",
                    "intro": (
                        "Como registrar o atendimento no SIMA, encaminhar o caso para "
                        "outro serviço e acompanhá-lo até a resolução."
                    ),
                    "body": [
                        (
                            "O SIMA é o sistema em que os serviços da rede registram os "
                            "atendimentos e encaminhamentos de pessoas em situação de "
                            "violência. O registro permite que cada serviço saiba o que "
                            "já foi feito e evita que a pessoa precise repetir a sua "
                            "história."
                        ),
                        (
                            "Um registro deve conter a identificação da pessoa atendida, "
                            "o tipo de violência identificado ou suspeito, a descrição "
                            "objetiva da situação e as medidas já adotadas. Informações "
                            "que não são necessárias para a proteção não devem ser "
                            "registradas."
                        ),
                        (
                            "Ao encaminhar, escolha o serviço de destino e descreva o "
                            "motivo e o que se espera do atendimento. O serviço de "
                            "destino recebe o encaminhamento no sistema, confirma o "
                            "recebimento e registra as ações realizadas."
                        ),
                        (
                            "O serviço de origem continua responsável por acompanhar o "
                            "caso. Verifique periodicamente se o encaminhamento foi "
                            "atendido e, se não houver retorno no prazo combinado, entre "
                            "em contato com o serviço de destino."
                        ),
                        (
                            "O acesso ao SIMA é pessoal, e todos os acessos ficam "
                            "registrados. Não compartilhe a sua senha e consulte apenas "
                            "os casos em que você atua, conforme os princípios da LGPD "
                            "(Lei 13.709/2018)."
                        ),
                    ],
                    "document_title": "Guia rápido: registro e encaminhamento no SIMA",
                    "document_text": [
                        (
                            "1. Antes de criar um novo registro, verifique se a pessoa já"
                            " está cadastrada no SIMA, para evitar duplicidade."
                        ),
                        (
                            "2. Registre o atendimento com informações objetivas: "
                            "situação identificada, tipo de violência, risco percebido e "
                            "medidas adotadas."
                        ),
                        (
                            "3. Ao encaminhar, indique o serviço de destino, o motivo e o"
                            " que se espera do atendimento."
                        ),
                        (
                            "4. Acompanhe o encaminhamento até a confirmação do "
                            "atendimento e registre cada retorno recebido."
                        ),
                        (
                            "5. Encerre o caso somente quando a situação estiver "
                            "resolvida ou sob acompanhamento de outro serviço, "
                            "registrando o motivo do encerramento."
                        ),
                    ],
                },
            ],
        },
    ],
}

EVENTS = [
    {
        "slug": "seminario-estadual-atendimento-integrado",
        "title": "Seminário estadual: atendimento integrado na rede de proteção",
        "intro": (
            "Encontro presencial para gestores e técnicos dos municípios participantes "
            "discutirem a integração dos serviços da rede."
        ),
        "days_ahead": 25,
        "duration_hours": 8,
        "location": "Auditório da Cidade Administrativa de Minas Gerais, Belo Horizonte",
        "body": [
            (
                "O seminário reúne equipes de CRAS, CREAS, Conselhos Tutelares, saúde e "
                "educação dos municípios que aderiram ao SER-DH. A programação inclui a "
                "apresentação dos primeiros resultados do sistema, relatos de "
                "experiências municipais e grupos de trabalho sobre fluxos de "
                "encaminhamento."
            ),
            (
                "As vagas são limitadas e destinadas prioritariamente às referências "
                "municipais do SER-DH. A inscrição deve ser feita pela Agenda do portal "
                "até uma semana antes do evento."
            ),
        ],
    },
    {
        "slug": "webinario-escuta-especializada",
        "title": "Webinário: escuta especializada de crianças e adolescentes",
        "intro": (
            "Encontro online sobre a aplicação da Lei 13.431/2017 nos serviços da rede de proteção."
        ),
        "days_ahead": 40,
        "duration_hours": 2,
        "location": "Online, pelo canal institucional",
        "body": [
            (
                "O webinário aborda a diferença entre escuta especializada e depoimento "
                "especial, o papel de cada serviço e os cuidados para não revitimizar a "
                "criança ou o adolescente. Haverá um momento para perguntas enviadas "
                "pelos participantes."
            ),
            (
                "A transmissão é aberta e ficará gravada no canal institucional. Os "
                "profissionais que acompanharem ao vivo e registrarem presença pelo "
                "portal receberão certificado."
            ),
        ],
    },
]

LIBRARY = [
    {
        "title": "Marco legal da proteção às pessoas em situação de violência",
        "category": "normas",
        "description": "Resumo das principais leis que orientam o atendimento na rede de proteção.",
        "text": [
            (
                "Este resumo apresenta, de forma simplificada, as principais normas que "
                "orientam o trabalho da rede de proteção. Ele não substitui a leitura dos"
                " textos legais."
            ),
            (
                "Estatuto da Criança e do Adolescente (Lei 8.069/1990): estabelece a "
                "proteção integral de crianças e adolescentes e o dever de comunicar ao "
                "Conselho Tutelar os casos suspeitos ou confirmados de maus-tratos."
            ),
            (
                "Lei 13.431/2017: organiza o sistema de garantia de direitos da criança e"
                " do adolescente vítima ou testemunha de violência, com a escuta "
                "especializada e o depoimento especial. Lei 14.344/2022 (Lei Henry "
                "Borel): trata da violência doméstica e familiar contra crianças e "
                "adolescentes."
            ),
            (
                "Lei Maria da Penha (Lei 11.340/2006): cria mecanismos para coibir a "
                "violência doméstica e familiar contra a mulher, entre eles as medidas "
                "protetivas de urgência."
            ),
            (
                "Estatuto da Pessoa Idosa (Lei 10.741/2003): assegura direitos às pessoas"
                " com 60 anos ou mais e prevê a comunicação dos casos de violência às "
                "autoridades competentes."
            ),
            (
                "Lei Geral de Proteção de Dados (Lei 13.709/2018): regula o tratamento de"
                " dados pessoais, inclusive os dados sensíveis registrados pelos serviços"
                " da rede."
            ),
        ],
    },
    {
        "title": "Sinais de violência contra crianças: o que as famílias precisam saber",
        "category": "cartilhas",
        "description": (
            "Cartilha para famílias e cuidadores sobre sinais de alerta e sobre como agir"
            " diante de uma suspeita."
        ),
        "text": [
            (
                "Crianças nem sempre conseguem contar que estão sofrendo violência. "
                "Muitas vezes, o que muda é o comportamento."
            ),
            (
                "Fique atento a mudanças repentinas: medo de uma pessoa ou de um lugar, "
                "isolamento, agressividade, alterações no sono ou na alimentação, queda "
                "no rendimento escolar e comportamentos que não são próprios da idade. "
                "Marcas no corpo sem explicação também merecem atenção."
            ),
            (
                "Nenhum sinal isolado comprova a violência, mas a combinação deles é "
                "motivo para buscar orientação."
            ),
            (
                "Se a criança contar algo, escute com calma, acredite e diga que ela fez "
                "bem em contar. Não faça muitas perguntas e não confronte a pessoa "
                "suspeita na frente dela."
            ),
            (
                "Procure o Conselho Tutelar do seu município ou ligue para o Disque 100. "
                "Em situação de perigo imediato, ligue 190."
            ),
        ],
    },
    {
        "title": "Fluxo de atendimento à violência sexual contra crianças e adolescentes",
        "category": "fluxos",
        "description": (
            "Etapas e responsabilidades dos serviços no atendimento a casos de violência "
            "sexual contra crianças e adolescentes."
        ),
        "text": [
            (
                "1. Identificação ou revelação: qualquer serviço pode receber a situação."
                " O profissional acolhe, escuta sem interrogar e registra o relato "
                "espontâneo."
            ),
            (
                "2. Proteção imediata: havendo risco, acionam-se a Polícia Militar (190) "
                "e o Conselho Tutelar. Em casos de violência sexual recente, a criança ou"
                " o adolescente deve ser levado com urgência a um serviço de saúde de "
                "referência, pois há cuidados que precisam começar nas primeiras horas."
            ),
            (
                "3. Comunicação e notificação: o serviço comunica o Conselho Tutelar e "
                "registra o caso no SIMA. Os serviços de saúde fazem a notificação "
                "compulsória no SINAN."
            ),
            (
                "4. Acompanhamento: o CREAS realiza o acompanhamento especializado da "
                "criança ou do adolescente e da família. O depoimento especial, quando "
                "necessário, fica a cargo dos órgãos de segurança e de justiça, conforme "
                "a Lei 13.431/2017."
            ),
            (
                "5. Retorno à rede: cada serviço registra no SIMA as ações realizadas, e "
                "o caso é acompanhado até a resolução, sem que a vítima precise repetir o"
                " relato."
            ),
        ],
    },
    {
        "title": "Protocolo de atendimento à pessoa idosa em situação de violência",
        "category": "protocolos",
        "description": (
            "Orientações para o acolhimento, a avaliação de risco e o encaminhamento de "
            "pessoas idosas em situação de violência."
        ),
        "text": [
            (
                "A violência contra a pessoa idosa pode ser física, psicológica, sexual, "
                "financeira ou patrimonial, e também se manifestar como negligência ou "
                "abandono. Com frequência, o autor é um familiar ou cuidador."
            ),
            (
                "No atendimento, converse com a pessoa idosa sem a presença do "
                "acompanhante, sempre que possível, e respeite a sua autonomia e as suas "
                "decisões. Verifique se há dependência de cuidados, uso indevido de "
                "cartão ou benefício e isolamento social."
            ),
            (
                "Avalie o risco: se houver ameaça à integridade física, acione o 190. Nos"
                " demais casos, registre o atendimento no SIMA e encaminhe ao CREAS para "
                "acompanhamento especializado."
            ),
            (
                "O Estatuto da Pessoa Idosa (Lei 10.741/2003) prevê a comunicação dos "
                "casos de violência a órgãos como a autoridade policial, o Ministério "
                "Público e os conselhos da pessoa idosa. Denúncias também podem ser "
                "feitas pelo Disque 100."
            ),
        ],
    },
    {
        "title": "Ligue 180: a Central de Atendimento à Mulher",
        "category": "cartilhas",
        "description": (
            "Cartilha sobre o funcionamento do Ligue 180 e de outros canais de apoio a "
            "mulheres em situação de violência."
        ),
        "text": [
            (
                "O Ligue 180 é um canal gratuito e confidencial que recebe relatos de "
                "violência contra a mulher, orienta sobre direitos e indica os serviços "
                "da rede. Funciona 24 horas, todos os dias."
            ),
            (
                "A ligação pode ser feita de qualquer telefone, fixo ou celular, e não é "
                "preciso se identificar para pedir orientação."
            ),
            (
                "A Lei Maria da Penha (Lei 11.340/2006) reconhece como violência "
                "doméstica e familiar as formas física, psicológica, sexual, patrimonial "
                "e moral. Não é preciso haver agressão física para buscar ajuda."
            ),
            (
                "Em situação de perigo imediato, ligue 190. Para atendimento presencial, "
                "procure o CREAS, o Centro de Referência da Mulher ou a Delegacia de "
                "Atendimento à Mulher, quando houver no seu município."
            ),
        ],
    },
]

PAGES = {
    "finder": {
        "title": "Onde buscar ajuda",
        "intro": (
            "Encontre os serviços da rede de proteção do seu município, como CRAS, CREAS,"
            " Conselho Tutelar e unidades de saúde, com endereço e telefone para contato."
        ),
    },
    "report": {
        "title": "Como denunciar",
        "intro": (
            "Saiba quais canais usar para denunciar uma situação de violência ou de "
            "violação de direitos humanos. Em caso de perigo imediato, ligue 190."
        ),
        "body": [
            (
                "Depois de uma denúncia, as informações são enviadas aos órgãos "
                "responsáveis, como o Conselho Tutelar, o Ministério Público ou a "
                "polícia, conforme o tipo de situação. Esses órgãos verificam o que foi "
                "relatado e, quando necessário, acionam os serviços da rede para proteger"
                " e acompanhar a vítima."
            ),
            (
                "No Disque 100, a denúncia pode ser anônima: não é preciso informar nome "
                "nem telefone, e a identidade de quem denuncia é mantida em sigilo. "
                "Quanto mais detalhes sobre o local e a situação, maiores as chances de a"
                " denúncia ser apurada."
            ),
        ],
    },
    "statistics": {
        "title": "Estatísticas",
        "intro": (
            "Dados agregados dos atendimentos registrados pelos serviços da rede de "
            "proteção nos municípios participantes do SER-DH."
        ),
        "method": [
            (
                "Os números apresentados vêm dos atendimentos registrados no SIMA pelos "
                "serviços dos municípios participantes. Eles mostram a atuação da rede e "
                "não representam a totalidade dos casos de violência, já que muitas "
                "situações não chegam a ser atendidas."
            ),
            (
                "As taxas por 100 mil habitantes usam a população de cada município; "
                "municípios sem adesão ao SER-DH aparecem no mapa em cinza, porque ali o "
                "SIMA não registra atendimentos."
            ),
        ],
    },
    "news_index": {
        "title": "Notícias",
        "intro": (
            "Notícias sobre o SER-DH, a adesão dos municípios e as ações da rede de "
            "proteção em Minas Gerais."
        ),
    },
    "articles": {
        "title": "Conteúdo qualificado",
        "intro": (
            "Textos de referência para profissionais sobre fluxos de atendimento, "
            "registro, sigilo e escuta sem revitimização."
        ),
    },
    "experiences": {
        "title": "Boas práticas",
        "intro": (
            "Práticas desenvolvidas por serviços dos municípios participantes, "
            "compartilhadas para inspirar outras equipes da rede."
        ),
    },
    "training": {
        "title": "Formação",
        "intro": (
            "Cursos a distância para profissionais da rede de proteção, com materiais de "
            "apoio para uso nas equipes."
        ),
    },
    "events": {
        "title": "Agenda",
        "intro": "Seminários, webinários e encontros de formação para a rede de proteção.",
    },
    "library": {
        "title": "Biblioteca",
        "intro": "Normas, cartilhas, fluxos e protocolos para consulta e download.",
    },
}
