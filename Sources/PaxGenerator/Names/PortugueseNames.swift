/// Portuguese and Brazilian names with the accents and tildes documents print.
enum PortugueseNames {
    static let corpus = NameCorpus(
        male: ["JOÃO", "JOSÉ", "ANTÓNIO", "FRANCISCO", "CARLOS", "PAULO", "PEDRO", "LUCAS", "LUIZ", "MARCOS",
               "LUÍS", "GABRIEL", "RAFAEL", "DANIEL", "MARCELO", "BRUNO", "EDUARDO", "FELIPE", "RAIMUNDO", "RODRIGO",
               "MANUEL", "SEBASTIÃO", "ANDRÉ", "FÁBIO", "VINÍCIUS", "GUILHERME", "MATHEUS", "GUSTAVO", "TIAGO", "RICARDO",
               "SÉRGIO", "ROGÉRIO", "MÁRIO", "CAIO", "ENZO", "THIAGO", "LEANDRO", "DIOGO", "RUI", "NUNO"],
        female: ["MARIA", "ANA", "FRANCISCA", "ANTÔNIA", "ADRIANA", "JULIANA", "MÁRCIA", "FERNANDA", "PATRÍCIA", "ALINE",
                 "SANDRA", "CAMILA", "AMANDA", "BRUNA", "JÉSSICA", "LETÍCIA", "JÚLIA", "LUCIANA", "VANESSA", "MARIANA",
                 "BEATRIZ", "CONCEIÇÃO", "INÊS", "LEONOR", "MATILDE", "CAROLINA", "RAFAELA", "GABRIELA", "LARISSA", "TATIANA",
                 "SÍLVIA", "FÁTIMA", "GRAÇA", "HELENA", "ALICE", "VALENTINA", "CECÍLIA", "LÍVIA", "LUÍSA", "SOFIA"],
        surnames: ["SILVA", "SANTOS", "OLIVEIRA", "SOUZA", "RODRIGUES", "FERREIRA", "ALVES", "PEREIRA", "LIMA", "GOMES",
                   "COSTA", "RIBEIRO", "MARTINS", "CARVALHO", "ALMEIDA", "LOPES", "SOARES", "FERNANDES", "VIEIRA", "BARBOSA",
                   "ROCHA", "DIAS", "NASCIMENTO", "ANDRADE", "MOREIRA", "NUNES", "MARQUES", "MACHADO", "MENDES", "FREITAS",
                   "CARDOSO", "RAMOS", "GONÇALVES", "SANTANA", "TEIXEIRA", "ARAÚJO", "CONCEIÇÃO", "DA SILVA", "DOS SANTOS", "DE SOUSA",
                   "MAGALHÃES", "BRANDÃO", "GUIMARÃES", "ASSUNÇÃO", "FALCÃO", "CORRÊA", "PEIXOTO", "CAMPOS", "MONTEIRO", "PINTO"])
}
