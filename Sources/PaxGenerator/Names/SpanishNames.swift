/// Spanish and Central American names, with the accents Salvadoran, Mexican and Spanish
/// documents print.
enum SpanishNames {
    static let corpus = NameCorpus(
        male: ["JOSÉ", "CARLOS", "JUAN", "LUIS", "JORGE", "MIGUEL", "FRANCISCO", "ANTONIO", "MANUEL", "JESÚS",
               "ROBERTO", "RICARDO", "FERNANDO", "EDUARDO", "RAFAEL", "ALEJANDRO", "DANIEL", "DAVID", "ÓSCAR", "MARIO",
               "ERNESTO", "RAMÓN", "SERGIO", "JAVIER", "ANDRÉS", "DIEGO", "PABLO", "SANTIAGO", "MATEO", "SEBASTIÁN",
               "ÁNGEL", "HÉCTOR", "RUBÉN", "JULIO", "CÉSAR", "ARMANDO", "WILLIAM", "KEVIN", "ÉDGAR", "NELSON",
               "RENÉ", "WALTER", "MAURICIO", "GERARDO", "ADRIÁN", "TOMÁS", "NICOLÁS", "EMILIO", "JOAQUÍN", "RODRIGO"],
        female: ["MARÍA", "ANA", "ROSA", "CARMEN", "JOSEFINA", "GUADALUPE", "SOFÍA", "VALENTINA", "CAMILA", "LUCÍA",
                 "ISABEL", "ELENA", "PATRICIA", "GABRIELA", "ALEJANDRA", "ANDREA", "DANIELA", "PAOLA", "CLAUDIA", "SANDRA",
                 "VERÓNICA", "MÓNICA", "SILVIA", "MARTA", "BEATRIZ", "LAURA", "JIMENA", "XIMENA", "RAQUEL", "INÉS",
                 "ADRIANA", "TERESA", "LETICIA", "CECILIA", "GLORIA", "REBECA", "ESTEFANÍA", "NATALIA", "MARISOL", "YESENIA",
                 "ROCÍO", "AMPARO", "DOLORES", "CONSUELO", "ARACELY", "KARLA", "LILIANA", "NOEMÍ", "ELISA", "FÁTIMA"],
        surnames: ["HERNÁNDEZ", "GARCÍA", "MARTÍNEZ", "LÓPEZ", "GONZÁLEZ", "RODRÍGUEZ", "PÉREZ", "SÁNCHEZ", "RAMÍREZ", "FLORES",
                   "CRUZ", "MORALES", "REYES", "GÓMEZ", "DÍAZ", "TORRES", "RIVERA", "RAMOS", "ORTIZ", "CASTILLO",
                   "JIMÉNEZ", "VÁSQUEZ", "MENDOZA", "AGUILAR", "GUZMÁN", "ROMERO", "ALVARADO", "MEJÍA", "QUINTANILLA", "PORTILLO",
                   "ESCOBAR", "ARGUETA", "MOLINA", "CHÁVEZ", "CAMPOS", "VALLE", "ORELLANA", "FUENTES", "NAVARRO", "SALAZAR",
                   "MONTOYA", "DOMÍNGUEZ", "GUERRERO", "MUÑOZ", "CARRANZA", "VELÁSQUEZ", "BONILLA", "ZELAYA", "PINEDA", "LEMUS",
                   "SERRANO", "IBÁÑEZ", "PEÑA", "NÚÑEZ", "ACOSTA", "CONTRERAS", "MIRANDA", "VARGAS", "CORTÉS", "BELTRÁN"])
}
